import Synchronization

/// Requests in flight per token, against a limit: one client cannot take every worker.
final class ConcurrencyLimiter: Sendable {
    let limit: Int
    private let inFlight = Mutex<[String: Int]>([:])

    /// At most `limit` requests in flight per token id.
    init(limit: Int) { self.limit = limit }

    /// Counts one more request for `id`; `false` (and nothing counted) when it is at the limit.
    func acquire(_ id: String) -> Bool {
        inFlight.withLock { counts in
            let now = counts[id, default: 0]
            guard now < limit else { return false }
            counts[id] = now + 1
            return true
        }
    }

    /// Counts one request for `id` done; call once per successful ``acquire(_:)``.
    func release(_ id: String) {
        inFlight.withLock { counts in
            let now = counts[id, default: 1] - 1
            counts[id] = now > 0 ? now : nil
        }
    }
}
