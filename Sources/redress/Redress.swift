import ArgumentParser
import Foundation
import Redress

/// `redress`: the command line of the complaint ledger. Parsing and printing only.
@main
struct RedressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redress",
        abstract: "An event-sourced complaint ledger: record, import, export, replay and verify complaint events.",
        version: RedressVersion.text,
        subcommands: [
            ImportCommand.self, ExportCommand.self,
            Receive.self, Acknowledge.self, Assign.self, Compensate.self, FollowUp.self, Close.self, Reopen.self,
            ReplayCommand.self, VerifyCommand.self, ProjectionsCommand.self, MetricsCommand.self, RewardsCommand.self,
            GenerateCommand.self,
        ])

    /// `redress --db PATH COMMAND`: the ledger named before the command.
    @Option(name: .long, help: ArgumentHelp("Ledger file (SQLite) or postgres:// URL. Default: $REDRESS_DB, else ./redress.sqlite.", valueName: "PATH-or-URL"))
    var db: String?
}

/// `--db`, shared by every command that opens a ledger.
struct LedgerOptions: ParsableArguments {
    @ParentCommand var root: RedressCommand

    @Option(name: .long, help: ArgumentHelp("Ledger file (SQLite) or postgres:// URL (also accepted before the command).", valueName: "PATH-or-URL"))
    var db: String?

    var location: String { db ?? root.db ?? ProcessInfo.processInfo.environment["REDRESS_DB"] ?? "./redress.sqlite" }

    /// Opens the ledger, runs `body`, closes it; failures become one line on stderr and a non-zero exit.
    func withLedger<T>(_ body: (Ledger) async throws -> T) async throws -> T {
        let ledger: Ledger
        do { ledger = try Ledger.open(location) } catch { throw Failure.report(error) }
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

    /// Prints `redress: <one line>` to standard error and returns the exit code to throw.
    static func report(_ error: Error) -> Error {
        if error is ExitCode { return error }
        let message = "\(error)".replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("redress: \(message)\n".utf8))
        if case LedgerError.conflict = error { return ExitCode(conflict) }
        if case StoreError.conflict = error { return ExitCode(conflict) }
        if case LedgerError.verification = error { return ExitCode(verification) }
        return ExitCode(rejected)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
