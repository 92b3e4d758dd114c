import ArgumentParser
import Foundation
import Redress
import RedressDomain
import RedressStore

/// `redress`: the command line of the complaint ledger. Parsing and printing only.
@main
struct RedressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redress",
        abstract: "An event-sourced complaint ledger: record, import, export, replay and verify complaint events.",
        discussion: """
            Exit status: 0 success; 1 rejected input (a line, a rule, a bad value, a full disk, a ledger from a newer \
            Redress); 3 conflict (expected version); 4 verification failed; 64 usage error; 66 no ledger at the path \
            a reading command was given; 75 another writer held the lock past --lock-timeout, or the PostgreSQL \
            server stopped answering: try again (one per line: redress help exit-codes).
            Shell completions: redress --generate-completion-script bash|zsh|fish.
            """,
        version: RedressVersion.text,
        subcommands: [
            ImportCommand.self, ExportCommand.self,
            Receive.self, Acknowledge.self, Assign.self, Compensate.self, FollowUp.self, Pause.self, Resume.self,
            Close.self, Reopen.self,
            ReplayCommand.self, VerifyCommand.self, KeysCommand.self, ProjectionsCommand.self, MetricsCommand.self,
            DueCommand.self, ComplaintsCommand.self, RewardsCommand.self, PageCommand.self, MigrateCommand.self,
            AdminCommand.self,
            ServeCommand.self,
            TokensCommand.self,
            GenerateCommand.self,
        ])

    /// A mistyped command gets the closest one (`metrcs` → `metrics`) instead of ArgumentParser's
    /// complaint about the flags that follow it; then the ordinary entry point runs.
    static func main() async {
        CommandLineTypos.check(Array(CommandLine.arguments.dropFirst()))
        var arguments = CommandLine.arguments.dropFirst()
        while let first = arguments.first, first.hasPrefix("-") {
            arguments = arguments.dropFirst(first == "--db" ? 2 : 1)
        }
        if let word = arguments.first {
            let commands = configuration.subcommands.map { $0._commandName } + ["help"]
            if !commands.contains(word), let closest = Suggestion.closest(to: word, among: commands) {
                printError(
                    "redress: unknown command '\(word)': did you mean `\(closest)`? (redress --help lists the commands)"
                )
                Foundation.exit(64)
            }
        }
        await main(nil)
    }

    /// `redress --db PATH COMMAND`: the ledger named before the command.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Ledger file (SQLite) or postgres:// URL. Default: $REDRESS_DB, else ./redress.sqlite.",
            valueName: "PATH-or-URL"))
    var db: String?
}

/// `--db`, `--lock-timeout` and `--signing-key`, shared by every command that writes (readers take
/// ``ReadLedgerOptions``; what both do is ``LedgerOpening``).
struct WriteLedgerOptions: ParsableArguments, LedgerOpening {
    @ParentCommand var root: RedressCommand

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Ledger file (SQLite) or postgres:// URL (also accepted before the command).", valueName: "PATH-or-URL"))
    var db: String?

    @Option(
        name: .customLong("lock-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds a write waits for another writer before failing. Default: $REDRESS_LOCK_TIMEOUT, else 30.",
            valueName: "SECONDS"))
    var lockTimeout: Double?

    @Option(
        name: .customLong("signing-key"),
        help: ArgumentHelp(
            "Key file that signs every head written (redress keys create). Default: $REDRESS_SIGNING_KEY.",
            valueName: "FILE"))
    var signingKey: String?

    func validate() throws { try validateLockTimeout() }
}

/// Exit statuses (documented in the README).
enum Failure {
    /// Rejected input: a line, a rule, a bad value, a full disk, a ledger from a newer Redress.
    static let rejected: Int32 = 1
    /// A complaint was not at the expected version (`--expect-version`, an import line's `expected_version`).
    static let conflict: Int32 = 3
    /// Verification failed: `verify`, the replay of a broken chain, a statement that no longer reproduces.
    static let verification: Int32 = 4
    /// EX_NOINPUT: a command that only reads was given a path with no ledger.
    static let noLedger: Int32 = 66
    /// EX_TEMPFAIL: another writer held the lock past the timeout, or the PostgreSQL server stopped
    /// answering (a restart); try again.
    static let locked: Int32 = 75

    /// Prints `redress: <one line>` to standard error and returns the exit code to throw.
    static func report(_ error: Error) -> Error {
        if error is ExitCode { return error }
        let failure = LedgerStoreFailure(error)
        if case .noLedger(_, let file?) = failure, !FileManager.default.fileExists(atPath: file) {
            printError("redress: \(error) (set --db or REDRESS_DB)")
        } else {
            printError("redress: \(error)")
        }
        switch (error, failure) {
        case (LedgerError.conflict, _), (StoreError.conflict, _), (LedgerError.conflictingLine, _):
            return ExitCode(conflict)
        case (LedgerError.verification, _): return ExitCode(verification)
        case (_, .noLedger?): return ExitCode(noLedger)
        case (_, .locked?), (_, .unavailable?): return ExitCode(locked)
        default: return ExitCode(rejected)
        }
    }
}

/// Progress of long work on standard error: only on a terminal, and never when NO_COLOR is set
/// (its line is redrawn with escape codes).
enum Progress {
    static let shown = isatty(2) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty

    /// Redraws the progress line with `line`; callers check ``shown`` first.
    static func show(_ line: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    /// Erases the progress line, when one is shown, before the command's own output.
    static func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A usage error (exit 64) unless `value` is absent or ≥ 0: "must be ≥ 0", not ArgumentParser's "Missing value".
func nonNegative(_ value: Int64?, _ flag: String) throws {
    if let value, value < 0 { throw ValidationError("\(flag) must be ≥ 0, got \(value)") }
}

/// Writes one line to standard error, every control character made visible (see ``VisibleText``).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((VisibleText.render(text) + "\n").utf8))
}
