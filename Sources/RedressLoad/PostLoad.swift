import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RedressDomain
import Synchronization

/// What a load run saw: every event the service acknowledged (200 or 201), the other answers, and
/// the latency of each acknowledged post.
public struct LoadResult: Sendable {
    /// `event_id`s answered 200 or 201, in no particular order.
    public var acknowledged: [String] = []
    /// How many answers had each status (200, 201, 503 …).
    public var statuses: [Int: Int] = [:]
    /// Requests that got no answer (connection refused or closed: the service was stopping).
    public var failures = 0
    /// Milliseconds from send to answer, of each acknowledged post.
    public var latenciesMs: [Double] = []
    /// Wall-clock seconds of the run.
    public var seconds = 0.0

    /// Acknowledged posts per wall-clock second of the run; 0 when the run took no measurable time.
    public var eventsPerSecond: Double { seconds > 0 ? Double(acknowledged.count) / seconds : 0 }

    /// The `p`-quantile (0…1) of the acknowledged posts' latency, nearest rank.
    public func latencyMs(_ p: Double) -> Double {
        guard !latenciesMs.isEmpty else { return 0 }
        let sorted = latenciesMs.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    mutating func merge(_ other: LoadResult) {
        acknowledged += other.acknowledged
        for (status, count) in other.statuses { statuses[status, default: 0] += count }
        failures += other.failures
        latenciesMs += other.latenciesMs
    }
}

/// A closed-loop load of single-event posts: `clients` connections, each posting one new complaint's
/// `received` event after another until the time is up (or the service stops answering).
public enum PostLoad {
    /// - Parameters:
    ///   - host: the service's host.
    ///   - port: its port.
    ///   - token: an `intake` or `admin` bearer token.
    ///   - clients: concurrent connections, one request in flight on each.
    ///   - duration: how long to keep posting.
    ///   - prefix: complaint ids are `PREFIX-CLIENT-N`, so runs never collide.
    ///   - eventsPerClient: stop each connection after this many posts instead (tests: a count does
    ///     not depend on how busy the machine is); `duration` then only bounds the run.
    public static func run(
        host: String, port: Int, token: String, clients: Int, duration: Duration, prefix: String,
        eventsPerClient: Int? = nil
    ) async -> LoadResult {
        let start = ContinuousClock.now
        let deadline = start.advanced(by: duration)
        var total = LoadResult()
        await withTaskGroup(of: LoadResult.self) { group in
            for client in 0..<clients {
                group.addTask {
                    await runClient(
                        host: host, port: port, token: token, deadline: deadline, limit: eventsPerClient,
                        complaintPrefix: "\(prefix)-\(client)")
                }
            }
            for await result in group { total.merge(result) }
        }
        total.seconds = (ContinuousClock.now - start) / .seconds(1)
        return total
    }

    static func runClient(
        host: String, port: Int, token: String, deadline: ContinuousClock.Instant, limit: Int?, complaintPrefix: String
    ) async -> LoadResult {
        var result = LoadResult()
        let client = TestClient(host: host, port: port, configuration: .init(timeout: .seconds(60)))
        client.connect()
        var generator = SystemRandomNumberGenerator()
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        var n = 0
        while ContinuousClock.now < deadline && n < (limit ?? Int.max) {
            n += 1
            let id = EventID.version7(
                milliseconds: Int64(Date().timeIntervalSince1970 * 1000), using: &generator
            ).description
            let body =
                #"{"event_id":"\#(id)","complaint_id":"\#(complaintPrefix)-\#(n)","type":"received","#
                + #""occurred_at":"2026-03-02T09:00:00+09:00","data":{"customer":"load","channel":"web","#
                + #""category":"service","summary":"부하 시험 접수"}}"#
            let sent = ContinuousClock.now
            do {
                let response = try await client.post("/v1/events", headers: headers, body: ByteBuffer(string: body))
                let code = response.status.code
                result.statuses[code, default: 0] += 1
                if code == 200 || code == 201 {
                    result.acknowledged.append(id)
                    result.latenciesMs.append((ContinuousClock.now - sent) / .milliseconds(1))
                }
            } catch {
                result.failures += 1
                break
            }
        }
        try? await client.shutdown()
        return result
    }
}
