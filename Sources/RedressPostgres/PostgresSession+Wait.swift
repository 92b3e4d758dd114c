#if PostgreSQL
import Foundation
import NIOCore

extension PostgresSession {
    struct TimedOut: Error {}

    /// The future's value, waiting at most `seconds` (``TimedOut`` beyond). Never on an event loop.
    static func wait<T>(for future: EventLoopFuture<T>, seconds: Double) throws -> T {
        let box = ResultBox<T>()
        future.whenComplete { box.put($0) }
        guard box.wait(seconds: seconds) else { throw TimedOut() }
        return try box.take()
    }
}

/// A result handed from an event loop to a thread waiting with a deadline.
private final class ResultBox<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func put(_ value: Result<T, any Error>) {
        condition.withLock {
            result = value
            condition.broadcast()
        }
    }

    /// Whether the result arrived within `seconds`.
    func wait(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        return condition.withLock {
            while result == nil { if !condition.wait(until: deadline) { return result != nil } }
            return true
        }
    }

    func take() throws -> T { try condition.withLock { result! }.get() }
}
#endif
