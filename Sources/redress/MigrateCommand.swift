import ArgumentParser
import Foundation
import Redress

/// `redress migrate --to PATH-or-URL`: copies this ledger into another (SQLite to PostgreSQL or back),
/// every position, version, `recorded_at` and hash as they are, in one transaction, then verifies both.
/// Re-running is safe. Exit status: 0 both verify to the same anchor (printed); 4 either does not verify
/// or the anchors differ; 1 another refusal; 64 usage; 66 no source ledger; 75 the target's lock is held.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy this ledger into another one (SQLite to PostgreSQL, or back), byte for byte.",
        discussion: """
            Required: --to (a file path or a postgres:// URL). The ledger's export is restored in the \
            target in one transaction (all or nothing; re-running is safe: what is already there restores \
            as a no-op), then both are verified to the same anchor. Examples:
              redress --db ledger.sqlite migrate --to postgres://redress_app@db/ledger
              redress --db postgres://redress_app@db/ledger migrate --to copy.sqlite
            """)
    @OptionGroup var ledger: WriteLedgerOptions
    @Option(help: ArgumentHelp("The ledger to copy into.", valueName: "PATH-or-URL")) var to: String

    func run() async throws {
        let target = try ledger.withTarget(to)
        try await ledger.withLedger(.readOnly) { source in
            defer { try? target.close() }
            let report = try await source.copy(to: target)
            print(
                "migrated \(report.events) events into \(try LedgerLocation(to)); "
                    + "both verify to \(report.anchor)"
            )
        }
    }
}

extension WriteLedgerOptions {
    /// Opens a second ledger for writing, with this command's lock timeout and signing key.
    func withTarget(_ location: String) throws -> Ledger {
        do {
            var options = LedgerOptions(access: .readWrite)
            if let timeout = lockTimeout { options.lockTimeout = timeout }
            if let keyPath = signingKeyPath { options.signer = try HeadSigner.load(keyPath: keyPath) }
            return try Ledger.open(location, options: options)
        } catch { throw Failure.report(error) }
    }
}
