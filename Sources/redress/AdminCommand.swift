import ArgumentParser
import Foundation
import Redress

/// `redress admin`: set-up steps run once by the database's owner, not by the application.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "One-time set-up a DBA runs.", subcommands: [InitPostgres.self])

    /// `redress admin init-postgres`: creates a PostgreSQL ledger's tables and prints (with `--apply`, also
    /// runs) the grants that leave the application role only reading and appending.
    /// Exit status: 0; 1 `--db` is not a `postgres://` URL, the server refused, or this binary was built
    /// without the PostgreSQL trait; 64 usage.
    struct InitPostgres: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init-postgres",
            abstract: "Create a PostgreSQL ledger's tables and print (or apply) the grants of the role redress uses.",
            discussion: """
                Run once as the role that is to own the tables: the database's owner, a member of --app-role \
                (GRANT redress_app TO owner, by the server's administrator); no superuser is needed. It creates \
                the tables, then prints the GRANT statements that leave --app-role only SELECT and INSERT on \
                events, heads and issued statements and only SELECT on the service's access tokens (the owner \
                creates and revokes them: redress tokens); --apply runs them too. Examples:
                  export REDRESS_DB=postgres://owner@db.example/complaints
                  redress admin init-postgres --app-role redress_app
                  redress admin init-postgres --app-role redress_app --apply
                """)
        @OptionGroup var ledger: WriteLedgerOptions
        @Option(name: .customLong("app-role"), help: "The role redress connects as.") var appRole = "redress_app"
        @Flag(help: "Run the grants as well as printing them.") var apply = false

        func run() async throws {
            do {
                guard let location = try? LedgerLocation(ledger.location), location.isPostgres else {
                    throw LedgerError.input("admin init-postgres needs --db postgres://OWNER@HOST/DATABASE")
                }
                try await Ledger.initPostgres(location, appRole: appRole, apply: apply) { print($0, terminator: "") }
                if apply {
                    printError(
                        "redress: applied: \(appRole) may now SELECT and INSERT events, never change them, "
                            + "and only read access tokens (create and revoke them as this role: redress tokens)")
                }
            } catch { throw Failure.report(error) }
        }
    }
}
