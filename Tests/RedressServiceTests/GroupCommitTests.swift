import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Redress
import RedressService
import Synchronization
import Testing

/// Concurrent single posts share transactions, and each is answered only once its own is durable.
@Suite struct GroupCommitTests {
    @Test func sixtyFourConcurrentPostsShareFewerTransactionsAndAllAreStored() async throws {
        // The token stays cached while the posts gather: on a loaded machine they can take longer than the
        // default 2 s to arrive, and a token read then waits behind the first post's transaction, which
        // waits for the lock below — so the 63rd post would never be counted and the lock never let go.
        var options = ServiceOptions()
        options.tokenCacheSeconds = 600
        let harness = try await ServiceHarness.make(options: options)
        // Another writer holds the ledger until all 64 posts have arrived, so they are surely concurrent
        // however the machine schedules them: 63 wait behind the first one's transaction.
        let lock = try await LockHolder(harness.directory + "/ledger.sqlite")
        try await harness.live { client in
            let port = client.port
            let intake = try #require(client.tokens["intake"])
            async let released: Void = {
                while Self.value(of: "redress_group_commit_waiting", in: try await client.get("/metrics", as: nil).body)
                    != 63
                {
                    try await Task.sleep(for: .milliseconds(20))
                }
                lock.release()
            }()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 1...64 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            let response = try await connection.post(
                                "/v1/events",
                                headers: [.authorization: "Bearer \(intake)", .contentType: "application/json"],
                                body: ByteBuffer(string: Events.received("G-\(n)", n)))
                            return response.status.code
                        }
                    }
                }
                var all: [Int] = []
                for try await status in group { all.append(status) }
                return all
            }
            try await released
            #expect(statuses.count == 64 && statuses.allSatisfy { $0 == 201 })
            let metrics = try await client.get("/metrics", as: nil).body
            let commits = try #require(Self.value(of: "redress_group_commits_total", in: metrics))
            #expect(Self.value(of: "redress_appends_total", in: metrics) == 64)
            #expect(commits == 2, "64 posts took \(commits) transactions: the first, then the 63 that waited")
        }
        try await lock.finish()
        let stored = try await harness.ledger.store.readAll(after: 0, limit: 100)
        #expect(Set(stored.map(\.complaintID)) == Set((1...64).map { "G-\($0)" }))
        #expect(stored.map(\.position) == Array(1...64))
        #expect(try await harness.ledger.verify().ok)
    }

    @Test func aRefusedPostDoesNotHoldBackTheOthersInItsTransaction() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            let port = client.port
            let admin = try #require(client.tokens["admin"])
            // Half the posts break a rule (a close before any acknowledgement of a complaint never received).
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for n in 1...32 {
                    group.addTask {
                        let body = n % 2 == 0 ? Events.received("R-\(n)", n) : Events.closed("R-\(n)", n)
                        return try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            let response = try await connection.post(
                                "/v1/events",
                                headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                body: ByteBuffer(string: body))
                            return (n, response.status.code)
                        }
                    }
                }
                var all: [Int: Int] = [:]
                for try await (n, status) in group { all[n] = status }
                return all
            }
            for (n, status) in statuses { #expect(status == (n % 2 == 0 ? 201 : 422), "post \(n) got \(status)") }
        }
        #expect(try await harness.ledger.store.head().position == 16)
    }

    /// The value of an unlabelled metric in the text exposition.
    static func value(of name: String, in text: String) -> Int? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap {
            Int(Double($0.split(separator: " ")[1]) ?? -1)
        }
    }
}
