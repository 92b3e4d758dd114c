import ArgumentParser
import Foundation
import Redress
import RedressDomain
import RedressSQLite
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
            a reading command was given; 75 another writer held the lock past --lock-timeout.
            Shell completions: redress --generate-completion-script bash|zsh|fish.
            """,
        version: RedressVersion.text,
        subcommands: [
            ImportCommand.self, ExportCommand.self,
            Receive.self, Acknowledge.self, Assign.self, Compensate.self, FollowUp.self, Pause.self, Resume.self,
            Close.self, Reopen.self,
            ReplayCommand.self, VerifyCommand.self, KeysCommand.self, ProjectionsCommand.self, MetricsCommand.self,
            DueCommand.self, RewardsCommand.self, PageCommand.self, MigrateCommand.self, AdminCommand.self,
            ServeCommand.self,
            TokensCommand.self,
            GenerateCommand.self,
        ])

    /// A mistyped command gets the closest one (`metrcs` → `metrics`) instead of ArgumentParser's
    /// complaint about the flags that follow it; then the ordinary entry point runs.
    static func main() async {
        var arguments = CommandLine.arguments.dropFirst()
        while let first = arguments.first, first.hasPrefix("-") {
            arguments.removeFirst(first == "--db" ? 2 : 1)
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

/// `--db`, shared by every command that opens a ledger.
struct LedgerOptions: ParsableArguments {
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

    func validate() throws {
        if let lockTimeout, !(lockTimeout >= 0 && lockTimeout.isFinite) {
            throw ValidationError("--lock-timeout must be a number of seconds ≥ 0, got \(lockTimeout)")
        }
    }

    var location: String { db ?? root.db ?? environment["REDRESS_DB"] ?? "./redress.sqlite" }
    var environment: [String: String] { ProcessInfo.processInfo.environment }
    var signingKeyPath: String? { signingKey ?? environment["REDRESS_SIGNING_KEY"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Opens the ledger, runs `body`, closes it; failures become one line on stderr and a non-zero exit.
    ///
    /// - Parameter access: `.readOnly` for commands that only read: they create nothing, take
    ///   no lock, and work on a read-only file or mount.
    func withLedger<T>(_ access: SQLiteEventStore.Access = .readWrite, _ body: (Ledger) async throws -> T) async throws
        -> T
    {
        let ledger: Ledger
        do {
            var options = SQLiteEventStore.Options(access: access)
            if let timeout = lockTimeout ?? environment["REDRESS_LOCK_TIMEOUT"].flatMap(Double.init) {
                guard timeout >= 0, timeout.isFinite else {
                    throw LedgerError.input("--lock-timeout must be a number of seconds ≥ 0")
                }
                options.lockTimeout = timeout
            }
            if access == .readWrite, let keyPath = signingKeyPath {
                options.signer = try HeadSigner.load(keyPath: keyPath)
            }
            ledger = try Ledger.open(location, options: options)
        } catch { throw Failure.report(error) }
        do {
            let result = try await body(ledger)
            try ledger.close()
            return result
        } catch {
            try? ledger.close()
            throw Failure.report(error)
        }
    }
}

/// Exit statuses (documented in the README).
enum Failure {
    static let rejected: Int32 = 1
    static let conflict: Int32 = 3
    static let verification: Int32 = 4
    /// EX_NOINPUT: a command that only reads was given a path with no ledger.
    static let noLedger: Int32 = 66
    /// EX_TEMPFAIL: another writer held the lock past the timeout; try again.
    static let locked: Int32 = 75

    /// Prints `redress: <one line>` to standard error and returns the exit code to throw.
    static func report(_ error: Error) -> Error {
        if error is ExitCode { return error }
        printError("redress: \(error)")
        switch error {
        case LedgerError.conflict, StoreError.conflict, LedgerError.conflictingLine: return ExitCode(conflict)
        case LedgerError.verification: return ExitCode(verification)
        case SQLiteStoreError.noLedger: return ExitCode(noLedger)
        case SQLiteStoreError.locked: return ExitCode(locked)
        case let error as PostgresStoreError:
            switch error {
            case .noLedger: return ExitCode(noLedger)
            case .locked: return ExitCode(locked)
            default: return ExitCode(rejected)
            }
        default: return ExitCode(rejected)
        }
    }
}

/// Progress of long work on standard error: only on a terminal, and never when NO_COLOR is set
/// (its line is redrawn with escape codes).
enum Progress {
    static let shown = isatty(2) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty

    static func show(_ line: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

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
