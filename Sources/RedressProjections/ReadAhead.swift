import Foundation

/// Work a rebuild's reader thread does ahead of its writer: the reader puts elements in order, the
/// writer takes them, at most `depth` waiting. A reader's error reaches the writer at its next take.
final class ReadAhead<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Element] = []
    private var ended = false
    private var stopped = false
    private var failure: (any Error)?
    private let depth: Int

    init(depth: Int = 4) { self.depth = depth }

    /// Called by the reader with the next element; returns false once the writer wants no more.
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !stopped { condition.wait() }
        guard !stopped else { return false }
        queue.append(element)
        condition.broadcast()
        return true
    }

    /// Called by the reader when it is done, with its error if it failed.
    private func end(_ error: (any Error)?) {
        condition.lock()
        ended = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Tells the reader to stop and drops what it read.
    func stop() {
        condition.lock()
        stopped = true
        queue = []
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, waiting for the reader; `nil` once it has ended (or was stopped); the
    /// reader's error if it failed.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !ended && !stopped { condition.wait() }
        if let failure, queue.isEmpty { throw failure }
        guard !stopped, !queue.isEmpty else { return nil }
        condition.broadcast()
        return queue.removeFirst()
    }

    /// Runs `read` on a thread of its own, feeding this queue.
    func start(_ read: @escaping @Sendable (_ put: (Element) -> Bool) throws -> Void) {
        let thread = Thread { [self] in
            do {
                try read { put($0) }
                end(nil)
            } catch {
                end(error)
            }
        }
        thread.name = "redress-read-ahead"
        thread.start()
    }
}
