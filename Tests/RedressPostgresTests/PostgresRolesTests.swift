#if PostgreSQL
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Redress
import RedressPostgres
import RedressService
import Testing

/// Which role may change what on a PostgreSQL ledger set up by `admin init-postgres --apply`: the
/// application role — what every redress and the service connect as — appends to the log and keeps the
/// projections, but changes no event, head or issued statement and only reads the access tokens, so a
/// leaked application password cannot mint an admin token, promote one or revive a revoked one.
@Suite struct PostgresRolesTests {
    @Test func theApplicationRoleOnlyReadsTokensAndNeverChangesTheLog() async throws {
        let owner = try PostgresServer.database("roles")
        let role = "app_\(UUID().uuidString.prefix(8).lowercased())"
        try #require(try PostgresServer.psql(owner, "CREATE ROLE \(role) LOGIN").status == 0)
        let ownerStore = try PostgresEventStore(location: owner)
        try await ownerStore.applyPrivileges(appRole: role)
        let ownerLedger = Ledger(
            store: ownerStore, projections: ownerStore.projections, issuedStatements: ownerStore.issuedStatements,
            accessTokens: ownerStore.accessTokens)
        // The owner makes the tokens (redress tokens): one in force, one revoked.
        let admin = try await ownerLedger.createToken(role: .admin)
        let revoked = try await ownerLedger.createToken(role: .intake)
        try await ownerLedger.revokeToken(revoked.record.id)
        try ownerLedger.close()

        var app = owner
        app.user = role
        // The service, connected as the application role, serves: the owner's token posts and reads, the
        // revoked one is refused; the role issues a statement (so every append-only table has rows).
        let ledger = try Ledger.open(PostgresServer.url(of: app))
        var options = ServiceOptions()
        options.port = 0
        let server = try RedressServer(
            ledger: ledger, options: options, logger: Logger(label: "test.roles") { _ in SwiftLogNoOpLogHandler() })
        try await server.application().test(.live) { client in
            let posted = try await client.execute(
                uri: "/v1/events", method: .post,
                headers: [.authorization: "Bearer \(admin.token)", .contentType: "application/json"],
                body: ByteBuffer(string: PostgresServiceTests.received("R-1", 901)))
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            let read = try await client.execute(
                uri: "/v1/complaints/R-1", method: .get, headers: [.authorization: "Bearer \(admin.token)"])
            #expect(read.status == .ok)
            let refused = try await client.execute(
                uri: "/v1/events", method: .post,
                headers: [.authorization: "Bearer \(revoked.token)", .contentType: "application/json"],
                body: ByteBuffer(string: PostgresServiceTests.received("R-2", 902)))
            #expect(refused.status == .unauthorized)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
        }
        _ = try await ledger.issueRewards(month: "2026-03")
        // The application role cannot make or revoke a token, and is told who can.
        let attempts: [@Sendable () async throws -> Void] = [
            { _ = try await ledger.createToken(role: .admin) }, { try await ledger.revokeToken(admin.record.id) },
        ]
        for attempt in attempts {
            let error = await #expect(throws: PostgresStoreError.self) { try await attempt() }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("\(role) may not") && text.contains("run redress tokens as the owner"), "\(text)")
            #expect(!text.contains("PSQLError") && !text.contains("\n"), "\(text)")
        }
        // By hand, with the application role's password: every change refused by the server.
        for sql in [
            "UPDATE access_tokens SET role = 'admin'", "UPDATE access_tokens SET revoked_ms = NULL",
            "DELETE FROM access_tokens",
            "INSERT INTO access_tokens (id, role, salt, secret_hash, created_ms) VALUES ('x', 'admin', '', '', 0)",
            "UPDATE events SET actor = 'x'", "DELETE FROM events", "UPDATE ledger_heads SET checkpoint = NULL",
            "DELETE FROM ledger_heads", "UPDATE reward_statements SET statement_sha256 = 'x'",
            "DELETE FROM reward_statements", "TRUNCATE events", "TRUNCATE access_tokens",
        ] {
            let out = try PostgresServer.psql(app, sql)
            #expect(out.status != 0 && out.stderr.contains("permission denied"), "\(sql) as \(role): \(out.stderr)")
        }
        #expect(try PostgresServer.psql(app, "SELECT count(*) FROM access_tokens").stdout == "2\n")
        #expect(try PostgresServer.psql(owner, "SELECT count(*) FROM reward_statements").stdout == "1\n")
        #expect(
            try PostgresServer.psql(owner, "SELECT count(*) FROM access_tokens WHERE revoked_ms IS NULL").stdout
                == "1\n")
        #expect(try await ledger.verify().ok)
        try ledger.close()
    }
}
#endif
