import Foundation

/// Work a thread of its own does ahead of the one that consumes it — a rebuild's reader ahead of its
/// writer, an import's decoder ahead of its appends: the producer puts elements in order, the
/// consumer takes them, at most `depth` waiting. The producer's error reaches the consumer once it
/// has taken everything put before it.
public final class ReadAhead<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Element] = []
    private var ended = false
    private var stopped = false
    private var failure: (any Error)?
    private let depth: Int

    /// - Parameter depth: how many elements the producer may put before it waits for the consumer.
    public init(depth: Int = 4) { self.depth = depth }

    /// Called by the producer with the next element; returns false once the consumer wants no more.
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !stopped { condition.wait() }
        guard !stopped else { return false }
        queue.append(element)
        condition.broadcast()
        return true
    }

    /// Called when the producer is done, with its error if it failed.
    private func end(_ error: (any Error)?) {
        condition.lock()
        ended = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Tells the producer to stop and drops what it made.
    public func stop() {
        condition.lock()
        stopped = true
        queue = []
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, waiting for the producer; `nil` once it has ended (or was stopped); the
    /// producer's error if it failed.
    public func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !ended && !stopped { condition.wait() }
        if let failure, queue.isEmpty { throw failure }
        guard !stopped, !queue.isEmpty else { return nil }
        condition.broadcast()
        return queue.removeFirst()
    }

    /// Runs `read` (the producer) on a thread of its own, feeding this queue.
    public func start(_ read: @escaping @Sendable (_ put: (Element) -> Bool) throws -> Void) {
        let thread = Thread { [self] in
            do {
                try read { put($0) }
                end(nil)
            } catch {
                end(error)
            }
        }
        thread.name = "redress-ahead"
        thread.start()
    }
}
