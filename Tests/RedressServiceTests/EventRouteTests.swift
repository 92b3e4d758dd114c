import Foundation
import HTTPTypes
import Redress
import Testing

/// `POST /v1/events` over real HTTP: what is stored, what is refused and how, and that a refusal
/// stores nothing.
@Suite struct EventRouteTests {
    @Test func aPostedEventIsStoredOnceAndARepeatIsAnsweredWithTheStoredEvent() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            let first = try await client.post(Events.received("K-1", 1), as: "intake")
            #expect(first.status == 201)
            #expect(first.headers[.location] == "/v1/complaints/K-1")
            #expect(first.headers[.eTag] == "\"1\"")
            let stored = try first.json()
            #expect(stored["position"] as? Int == 1 && stored["version"] as? Int == 1)
            #expect((stored["hash"] as? String)?.count == 64)
            // The same event again: 200 with exactly what the ledger holds, nothing written.
            let again = try await client.post(Events.received("K-1", 1), as: "intake")
            #expect(again.status == 200)
            #expect(again.body == first.body)
            // Its id with other content: 409, named.
            let other = try await client.post(Events.received("K-1", 1, at: "09:01"), as: "intake")
            #expect(other.status == 409)
            #expect(try other.json()["type"] as? String == "https://redress.example/problems/duplicate-event-id")
        }
        #expect(try await harness.ledger.store.head().position == 1)
        let exported = try await harness.ledger.store.readAll(after: 0, limit: 10)
        #expect(exported.count == 1 && exported[0].eventID.description == Events.id(1))
    }

    @Test func refusalsNameTheRuleOrFieldAndStoreNothing() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            #expect(try await client.post(Events.received("K-2", 1)).status == 201)
            // A lifecycle rule: 422 with the decider's rule name.
            let rule = try await client.post(Events.closed("K-2", 2))
            #expect(rule.status == 422)
            #expect(rule.headers[.contentType] == "application/problem+json")
            let problem = try rule.json()
            #expect(problem["rule"] as? String == "needs-acknowledgement")
            #expect(problem["complaint_id"] as? String == "K-2")
            #expect((problem["detail"] as? String)?.contains(Events.id(2)) == true)
            // A bad field: 400 naming it.
            let bad = try await client.post(
                Events.received("K-3", 3).replacingOccurrences(of: #""channel":"web""#, with: #""channel":"fax""#))
            #expect(bad.status == 400)
            #expect(try bad.json()["field"] as? String == "data.channel")
            // Not JSON at all, and an unknown field.
            #expect(try await client.post("{not json").status == 400)
            let unknown = try await client.post(
                Events.received("K-4", 4).replacingOccurrences(of: #""type""#, with: #""colour":"red","type""#))
            #expect(unknown.status == 400 && unknown.body.contains("colour"))
            // An export's storage fields: a restore is import's, not the service's.
            let storage =
                #""version":1,"position":9,"recorded_at":"2026-03-02T00:00:00.000Z","#
                + #""hash":"\#(String(repeating: "0", count: 64))","type""#
            let restore = try await client.post(
                Events.received("K-5", 5).replacingOccurrences(of: #""type""#, with: storage))
            #expect(restore.status == 400 && restore.body.contains("redress import"))
            // Another media type.
            let text = try await client.request(.post, "/v1/events", as: "admin", body: "x", contentType: "text/plain")
            #expect(text.status == 415)
        }
        #expect(try await harness.ledger.store.head().position == 1)
    }

    /// The body is always read as UTF-8: a post that says another charset is refused (415), not read as
    /// UTF-8 and stored as other text; `charset=utf-8` in any case, quoted or not, is fine (issue 28, item 6).
    @Test func aCharsetOtherThanUTF8IsRefusedWith415() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            for (n, charset) in ["latin1", "ISO-8859-1", "\"windows-1252\"", "utf-16", "utf8x"].enumerated() {
                for type in ["application/json", "application/x-ndjson"] {
                    let reply = try await client.request(
                        .post, "/v1/events", as: "admin", body: Events.received("L-\(n)", n + 1),
                        contentType: "\(type); charset=\(charset)")
                    #expect(reply.status == 415, "\(type); charset=\(charset): \(reply.body)")
                    #expect(reply.headers[.contentType] == "application/problem+json")
                    #expect(reply.body.contains("unsupported-media-type") && reply.body.contains("UTF-8"))
                }
            }
            #expect(try await harness.ledger.store.head().position == 0)
            for (n, charset) in ["utf-8", "UTF-8", "\"utf-8\"", " Utf-8 "].enumerated() {
                let reply = try await client.request(
                    .post, "/v1/events", as: "admin", body: Events.received("U-\(n)", 10 + n),
                    contentType: "application/json;charset=\(charset)")
                #expect(reply.status == 201, "charset=\(charset): \(reply.body)")
            }
        }
        #expect(try await harness.ledger.store.head().position == 4)
    }

    @Test func ifMatchAndExpectedVersionConflictWith409() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            #expect(try await client.post(Events.received("K-1", 1)).status == 201)
            let stale = try await client.post(Events.acknowledged("K-1", 2), headers: [.ifMatch: "\"0\""])
            #expect(stale.status == 409)
            #expect(try stale.json()["rule"] as? String == "expected-version")
            let inBody = try await client.post(Events.acknowledged("K-1", 2, expected: 5))
            #expect(inBody.status == 409)
            let disagree = try await client.post(Events.acknowledged("K-1", 2, expected: 1), headers: [.ifMatch: "2"])
            // If-Match and expected_version disagree: they cannot both match the stream.
            #expect(disagree.status == 409)
            let right = try await client.post(Events.acknowledged("K-1", 2), headers: [.ifMatch: "\"1\""])
            #expect(right.status == 201 && right.headers[.eTag] == "\"2\"")
        }
        #expect(try await harness.ledger.store.head().position == 2)
    }

    @Test func aBatchIsAllOrNothingAndItsRefusalNamesTheLine() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            let bad =
                [Events.received("B-1", 1), Events.acknowledged("B-1", 2), Events.closed("B-2", 3)]
                .joined(separator: "\n") + "\n"
            let refused = try await client.request(
                .post, "/v1/events", as: "admin", body: bad, contentType: "application/x-ndjson")
            #expect(refused.status == 422)
            let problem = try refused.json()
            #expect(problem["line"] as? Int == 3 && problem["rule"] as? String == "needs-received")
            #expect((problem["detail"] as? String)?.hasPrefix("line 3: complaint B-2") == true)
            let malformed = [Events.received("B-1", 1), "{\"event_id\":1}"].joined(separator: "\n")
            let badLine = try await client.request(
                .post, "/v1/events", as: "admin", body: malformed, contentType: "application/x-ndjson")
            #expect(badLine.status == 400)
            #expect(try badLine.json()["line"] as? Int == 2)
            // Nothing of either batch is stored.
            #expect(try await harness.ledger.store.head().position == 0)
            let good = [Events.received("B-1", 1), Events.acknowledged("B-1", 2), Events.closed("B-1", 3)]
                .joined(separator: "\n")
            let stored = try await client.request(
                .post, "/v1/events", as: "admin", body: good, contentType: "application/x-ndjson")
            #expect(stored.status == 201)
            let body = try stored.json()
            #expect(body["created"] as? Int == 3 && body["already_stored"] as? Int == 0)
            #expect((body["events"] as? [[String: Any]])?.map { $0["position"] as? Int } == [1, 2, 3])
            let repeated = try await client.request(
                .post, "/v1/events", as: "admin", body: good, contentType: "application/x-ndjson")
            #expect(repeated.status == 200)
            #expect(try repeated.json()["already_stored"] as? Int == 3)
        }
        #expect(try await harness.ledger.store.head().position == 3)
    }
}
