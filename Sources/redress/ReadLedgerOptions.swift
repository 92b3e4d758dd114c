import ArgumentParser
import Foundation
import Redress

/// What opens a ledger from the command line: `--db`, the lock timeout and the signing key, from
/// the flags or the environment. ``WriteLedgerOptions`` (the writers) and ``ReadLedgerOptions`` (the
/// readers) differ only in which of their flags the usage shows.
protocol LedgerOpening {
    var root: RedressCommand { get }
    var db: String? { get }
    var lockTimeout: Double? { get }
    var signingKey: String? { get }
}

extension LedgerOpening {
    /// `--db`, else `$REDRESS_DB` (when set and not empty), else `./redress.sqlite`.
    var location: String {
        db ?? root.db ?? environment["REDRESS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./redress.sqlite"
    }
    var environment: [String: String] { ProcessInfo.processInfo.environment }
    var signingKeyPath: String? { signingKey ?? environment["REDRESS_SIGNING_KEY"].flatMap { $0.isEmpty ? nil : $0 } }

    func validateLockTimeout() throws {
        if let lockTimeout, !(lockTimeout >= 0 && lockTimeout.isFinite) {
            throw ValidationError("--lock-timeout must be a number of seconds ≥ 0, got \(lockTimeout)")
        }
    }

    /// Opens the ledger, runs `body`, closes it; failures become one line on stderr and a non-zero exit.
    ///
    /// - Parameter access: `.readOnly` for commands that only read: they create nothing, take
    ///   no lock, and work on a read-only file or mount. A write that creates the ledger's file says
    ///   so on standard error once it succeeded ("created a new ledger at PATH").
    func withLedger<T>(_ access: LedgerOptions.Access = .readWrite, _ body: (Ledger) async throws -> T) async throws
        -> T
    {
        let ledger: Ledger
        do {
            var options = LedgerOptions(access: access)
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
            if let created = ledger.createdFile {
                printError("redress: created a new ledger at \(created)")
            }
            return result
        } catch {
            try? ledger.close()
            throw Failure.report(error)
        }
    }
}

/// `--db` for a command that only reads. `--lock-timeout` and `--signing-key` mean nothing to a
/// reader; they are still accepted (scripts pass them to every command) but left out of the usage.
struct ReadLedgerOptions: ParsableArguments, LedgerOpening {
    @ParentCommand var root: RedressCommand

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Ledger file (SQLite) or postgres:// URL (also accepted before the command).", valueName: "PATH-or-URL"))
    var db: String?

    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: .hidden)
    var lockTimeout: Double?

    @Option(name: .customLong("signing-key"), help: .hidden)
    var signingKey: String?

    func validate() throws { try validateLockTimeout() }
}

/// `verify`'s ledger flags: it only reads, but the signing key's public half and head file are its
/// evidence, so `--signing-key` is shown.
struct VerifyLedgerOptions: ParsableArguments, LedgerOpening {
    @ParentCommand var root: RedressCommand

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Ledger file (SQLite) or postgres:// URL (also accepted before the command).", valueName: "PATH-or-URL"))
    var db: String?

    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: .hidden)
    var lockTimeout: Double?

    @Option(
        name: .customLong("signing-key"),
        help: ArgumentHelp(
            "The key that signs the ledger's heads: its public half and its head file are checked. "
                + "Default: $REDRESS_SIGNING_KEY.",
            valueName: "FILE"))
    var signingKey: String?

    func validate() throws { try validateLockTimeout() }
}
