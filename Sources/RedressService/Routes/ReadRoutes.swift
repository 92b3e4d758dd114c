import Foundation
import Hummingbird
import Redress
import RedressDomain
import ServiceLifecycle

extension RedressServer {
    /// The auditor's reads: one complaint's replay and events, and the global feed with long-poll.
    func addReadRoutes(_ router: Router<ServiceContext>) {
        router.get("/v1/complaints/{id}") { request, context -> Response in
            _ = try context.require("read complaints") { $0.mayAudit }
            let id = try Self.complaintID(context)
            let asOf = try await self.asOf(request)
            guard !(try await self.ledger.readStream(id, asOf: asOf)).isEmpty else {
                throw Problem.notFound(
                    "complaint \(id) has no events\(asOf.map { " at or before position \($0)" } ?? "")")
            }
            let replay = try await self.ledger.replay(id, asOfPosition: asOf)
            return .json(replay.json(), headers: [.eTag: "\"\(replay.steps.count)\""])
        }
        router.get("/v1/complaints/{id}/events") { request, context -> Response in
            _ = try context.require("read complaints") { $0.mayAudit }
            let id = try Self.complaintID(context)
            let events = try await self.ledger.readStream(id)
            guard !events.isEmpty else { throw Problem.notFound("complaint \(id) has no events") }
            return .json(
                ResponseBodies.events(
                    events, leading: [("complaint_id", id)], trailing: [("version", Int64(events.count))]),
                headers: [.eTag: "\"\(events.count)\""])
        }
        router.get("/v1/events") { request, context -> Response in
            _ = try context.require("read the feed") { $0.mayAudit }
            let after = try Self.position(request, "after_position") ?? 0
            let limit = try Self.integer(request, "limit", in: 1...1_000) ?? 100
            let wait = try self.feedWait(request)
            let deadline = ContinuousClock.now.advanced(by: wait)
            while true {
                // Taken before the read: a commit signalled between the read and the wait still wakes it.
                let seen = await self.signal.generation
                let events = try await self.ledger.readAll(after: after, limit: limit)
                let remaining = deadline - ContinuousClock.now
                if !events.isEmpty || remaining <= .zero || Task.isCancelled || Task.isShuttingDownGracefully {
                    let head = try await self.ledger.head().position
                    return .json(
                        ResponseBodies.events(
                            events,
                            trailing: [("last_position", events.last?.position ?? after), ("head_position", head)]))
                }
                // Woken by this service's next commit; re-read at least every half second for other writers.
                await withGracefulShutdownHandler {
                    await self.signal.wait(after: seen, timeout: min(remaining, .milliseconds(500)))
                } onGracefulShutdown: {
                    Task { await self.signal.signal() }
                }
            }
        }
    }

    static func complaintID(_ context: ServiceContext) throws -> String {
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard FieldRules.isValidComplaintID(id) else {
            throw Problem.badRequest(
                "complaint id \(id): 1–64 characters of A-Z a-z 0-9 . _ : -", field: "id")
        }
        return id
    }

    /// A non-negative position from the query (`nil`: absent).
    static func position(_ request: Request, _ name: String) throws -> Int64? {
        try integer(request, name, in: 0...Int64.max)
    }

    static func integer<I: FixedWidthInteger>(_ request: Request, _ name: String, in range: ClosedRange<I>) throws -> I?
    {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard text.allSatisfy({ $0.isASCIIDigit }), let value = I(text), range.contains(value) else {
            throw Problem.badRequest(
                "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound) (got \(text))", field: name)
        }
        return value
    }

    /// `wait`: seconds as `30` or `30s`; a longer wait than the service's limit is cut to it.
    func feedWait(_ request: Request) throws -> Duration {
        guard let text = request.uri.queryParameters["wait"] else { return .zero }
        let digits = text.hasSuffix("s") ? text.dropLast() : text
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCIIDigit }), let seconds = Int(digits)
        else {
            throw Problem.badRequest("wait must be whole seconds, e.g. wait=30s (got \(text))", field: "wait")
        }
        return min(.seconds(seconds), options.maxFeedWait, options.requestTimeout - .seconds(1))
    }
}
