import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Redress
import RedressService
import Synchronization
import Testing

/// Body and batch limits, the per-token concurrency limit and the request timeout.
@Suite struct LimitTests {
    @Test func aBodyOrBatchPastItsLimitIs413AndStoresNothing() async throws {
        var options = ServiceOptions()
        options.maxBodyBytes = 2_000
        options.maxBatchEvents = 2
        let harness = try await ServiceHarness.make(options: options)
        try await harness.live { client in
            let big = Events.received("K-1", 1).replacingOccurrences(
                of: "배송이 늦어요", with: String(repeating: "가", count: 1_000))
            let tooLarge = try await client.post(big)
            #expect(tooLarge.status == 413 && tooLarge.headers[.contentType] == "application/problem+json")
            let three = (1...3).map { Events.received("K-\($0)", $0) }.joined(separator: "\n")
            let tooMany = try await client.request(
                .post, "/v1/events", as: "admin", body: three, contentType: "application/x-ndjson")
            #expect(tooMany.status == 413 && tooMany.body.contains("at most 2"))
            // The connection still serves the next request.
            #expect(try await client.post(Events.received("K-9", 9)).status == 201)
        }
        #expect(try await harness.ledger.store.head().position == 1)
    }

    @Test func aTokenPastItsConcurrencyLimitGets429() async throws {
        var options = ServiceOptions()
        options.maxConcurrentPerToken = 1
        let harness = try await ServiceHarness.make(options: options)
        try await harness.live { client in
            let auditor = try #require(client.tokens["auditor"])
            let port = client.port
            // The auditor's one slot is taken by a long-poll on an empty ledger (released below by a post);
            // it retries while the prober below holds the slot.
            async let holding = TestClient.withClient(
                host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120))
            ) { other in
                var response = try await other.get(
                    "/v1/events?after_position=0&wait=30", headers: [.authorization: "Bearer \(auditor)"])
                while response.status == .tooManyRequests {
                    try await Task.sleep(for: .milliseconds(20))
                    response = try await other.get(
                        "/v1/events?after_position=0&wait=30", headers: [.authorization: "Bearer \(auditor)"])
                }
                return response
            }
            // Until the long-poll is in flight the auditor's requests pass; then they get 429.
            var refused = try await client.get("/v1/verify", as: "auditor")
            for _ in 0..<200 where refused.status == 200 {
                try await Task.sleep(for: .milliseconds(50))
                refused = try await client.get("/v1/verify", as: "auditor")
            }
            #expect(refused.status == 429 && refused.headers[.retryAfter] == "1")
            // Another token is not held back.
            #expect(try await client.get("/v1/verify", as: "admin").status == 200)
            #expect(try await client.post(Events.received("K-1", 1)).status == 201)
            #expect(try await holding.status == .ok)
            #expect(try await client.get("/v1/verify", as: "auditor").status == 200)
        }
    }

    @Test func aRequestPastTheTimeoutIs503AndItsEventIsStoredOnceTheLedgerIsFree() async throws {
        var options = ServiceOptions()
        options.requestTimeout = .seconds(1)
        let harness = try await ServiceHarness.make(options: options)
        // Another writer holds the ledger's write lock until the post has been answered.
        let lock = try await LockHolder(harness.directory + "/ledger.sqlite")
        try await harness.live { client in
            let slow = try await client.post(Events.received("K-1", 1))
            #expect(slow.status == 503)
            #expect(try slow.json()["type"] as? String == "https://redress.example/problems/timeout")
            #expect(slow.headers[.retryAfter] != nil)
            try await lock.finish()
            // The post was not abandoned: a retry with the same event_id finds it stored.
            let retry = try await client.post(Events.received("K-1", 1))
            #expect([200, 201].contains(retry.status))
        }
        #expect(try await harness.ledger.store.head().position == 1)
    }
}
