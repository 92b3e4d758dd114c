#if PostgreSQL
import Foundation
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
public import RedressStore

extension PostgresEventStore {
    /// The one-time grants a DBA runs so that `appRole` — the role `redress` connects as — may only
    /// SELECT and INSERT events, heads and issued statements (never UPDATE, DELETE or TRUNCATE them),
    /// only SELECT the service's access tokens (created and revoked by the owner, `redress tokens`),
    /// keep the projections (their checkpoints and generation tables) and read the schema's state.
    /// Whatever the role held before on these tables is revoked first, so running it again converges.
    /// Run it as the owner of the tables (the role that first opened the ledger, which migrated it).
    public static func privilegeScript(appRole: String) -> String {
        let role = "\"" + appRole.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let tables = "events, ledger_heads, reward_statements, access_tokens, projections, redress_migrations"
        var lines = [
            "-- Redress: what \(appRole) may do in this database (run once as the tables' owner).",
            "REVOKE ALL ON \(tables) FROM PUBLIC;",
            "REVOKE ALL ON \(tables) FROM \(role);",
            "REVOKE ALL ON SEQUENCE reward_statements_id_seq FROM PUBLIC, \(role);",
            "GRANT USAGE, CREATE ON SCHEMA public TO \(role);",
            "GRANT SELECT, INSERT ON events, ledger_heads, reward_statements TO \(role);",
            "GRANT USAGE ON SEQUENCE reward_statements_id_seq TO \(role);",
            "GRANT SELECT ON redress_migrations TO \(role);",
            "GRANT SELECT, UPDATE ON projections TO \(role);",
            "GRANT SELECT ON access_tokens TO \(role);",
        ]
        for name in ProjectionName.allCases {
            for table in PostgresProjectionTables.tables(name, generation: 1) {
                // IF EXISTS: run again after a rebuild (which replaced generation 1), it is still whole.
                lines.append("ALTER TABLE IF EXISTS \(table) OWNER TO \(role);")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Applies ``privilegeScript(appRole:)`` on this connection (which must own the tables).
    ///
    /// The owner need not be a superuser, but it hands the projections' tables to `appRole`, which
    /// PostgreSQL allows only to a member of that role: that, and that the role exists, are checked
    /// first and named with the statement that fixes them. Whatever else the server refuses is its own
    /// message, SQLSTATE, detail and hint.
    public func applyPrivileges(appRole: String) async throws {
        let statements = Self.privilegeScript(appRole: appRole).split(separator: "\n").filter {
            !$0.hasPrefix("--")
        }
        let location = self.location
        try await session.run { s in
            do {
                let (user, superuser) =
                    try s.query(
                        "SELECT current_user::text, rolsuper FROM pg_roles WHERE rolname = current_user"
                    ).first?.decode((String, Bool).self) ?? ("?", false)
                let exists =
                    try s.query("SELECT count(*) FROM pg_roles WHERE rolname = \(appRole)::text::name")
                    .first?.decode(Int64.self) == 1
                guard exists else {
                    throw PostgresStoreError.refused(
                        "there is no role \(appRole) in \(location)'s server: have it created first "
                            + "(createuser \(appRole)), then run this again")
                }
                let member =
                    try s.query("SELECT pg_has_role(current_user, \(appRole)::text::name, 'MEMBER')").first?
                    .decode(Bool.self) ?? false
                guard superuser || member else {
                    throw PostgresStoreError.refused(
                        "\(user) cannot give \(appRole) the projections' tables: it is not a member of \(appRole) "
                            + "(PostgreSQL lets a table's owner hand it only to a role it belongs to). Have the "
                            + "server's administrator run GRANT \(appRole) TO \(user); then run this again")
                }
                try s.transaction { for statement in statements { try s.execute(String(statement)) } }
            } catch let error as PSQLError {
                throw PostgresStoreError.refused(
                    "cannot apply the grants to \(appRole) in \(location): \(PostgresSession.explain(error))")
            }
        }
    }
}
#endif
