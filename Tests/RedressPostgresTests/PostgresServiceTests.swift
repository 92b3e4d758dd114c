#if PostgreSQL
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Redress
import RedressService
import Testing

/// `redress serve` on a PostgreSQL ledger, over real HTTP: group-committed posts, a batch, reads and
/// reports answer as on SQLite, and tokens live in the database beside the events.
@Suite struct PostgresServiceTests {
    @Test func theServiceRunsOnPostgreSQL() async throws {
        let location = try PostgresServer.database("svc")
        let ledger = try Ledger.open(PostgresServer.url(of: location))
        let admin = try await ledger.createToken(role: .admin).token
        let auditor = try await ledger.createToken(role: .auditor).token
        var options = ServiceOptions()
        options.port = 0
        let server = try RedressServer(
            ledger: ledger, options: options, logger: Logger(label: "test.pg") { _ in SwiftLogNoOpLogHandler() })
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            // 32 concurrent single posts, each on its own connection.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 1...32 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            try await connection.post(
                                "/v1/events",
                                headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                body: ByteBuffer(string: Self.received("P-\(n)", n))
                            ).status.code
                        }
                    }
                }
                var all: [Int] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.count == 32 && statuses.allSatisfy { $0 == 201 })
            let batch = (33...35).map { Self.received("P-\($0)", $0) }.joined(separator: "\n")
            let stored = try await client.execute(
                uri: "/v1/events", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(string: batch))
            #expect(stored.status == .created)
            let replay = try await client.execute(
                uri: "/v1/complaints/P-7", method: .get, headers: [.authorization: "Bearer \(auditor)"])
            #expect(String(buffer: replay.body) == (try await ledger.replay("P-7")).json())
            let metrics = try await client.execute(
                uri: "/v1/metrics?month=2026-03", method: .get, headers: [.authorization: "Bearer \(auditor)"])
            #expect(String(buffer: metrics.body) == (try await ledger.metrics(month: "2026-03")).json())
            let refused = try await client.execute(
                uri: "/v1/metrics?month=2026-03", method: .get, headers: [.authorization: "Bearer \(admin)x"])
            #expect(refused.status == .unauthorized)
        }
        #expect(try await ledger.store.head().position == 35)
        #expect(try await ledger.verify().ok)
        let tokens = try await ledger.tokens()
        #expect(tokens.count == 2 && tokens.allSatisfy { $0.secretHash.count == 32 })
        try ledger.close()
    }

    static func received(_ complaint: String, _ n: Int) -> String {
        #"{"event_id":"\#(String(format: "0190f8a0-0000-7000-8000-%012d", n))","complaint_id":"\#(complaint)","#
            + #""type":"received","occurred_at":"2026-03-02T09:00:00+09:00","#
            + #""data":{"customer":"c-\#(n)","channel":"web","category":"product","summary":"배송이 늦어요"}}"#
    }
}
#endif
