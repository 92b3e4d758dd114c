import Foundation

/// Wakes long-polling feed readers when this service appends: a reader waits until the next
/// signal or its timeout, whichever comes first, then reads the ledger again. Writers outside this
/// process (an import, another service) send no signal; readers see their events at the next
/// bounded re-read (`GET /v1/events` re-reads at least every half second).
///
/// No wake-up is lost between a reader's read and its wait: signals are counted, the reader takes
/// the count (``generation``) *before* it reads the ledger, and ``wait(after:timeout:)`` returns at
/// once when a signal came after that count — also one sent before the reader's wait was registered.
actor ChangeSignal {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Ids resumed before their waiter suspended (the timeout raced ahead of the registration).
    private var resumed: Set<UUID> = []

    /// How many signals were sent so far.
    private(set) var generation: UInt64 = 0

    /// Readers waiting for the next signal now.
    var waiting: Int { waiters.count }

    /// Wakes every waiting reader.
    func signal() {
        generation &+= 1
        let woken = waiters
        waiters = [:]
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns once a signal was sent after ``generation`` was `seen` (at once if one already was),
    /// after `timeout`, or when the task is cancelled; `true` when a signal came after `seen`.
    @discardableResult
    nonisolated func wait(after seen: UInt64, timeout: Duration) async -> Bool {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id, after: seen) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                await self.resume(id)
            }
            await group.next()
            group.cancelAll()
        }
        return await forget(id, after: seen)
    }

    /// Ends `id`'s wait (resuming it if the timeout won), and says whether a signal came after `seen`.
    private func forget(_ id: UUID, after seen: UInt64) -> Bool {
        resumed.remove(id)
        waiters.removeValue(forKey: id)?.resume()
        return generation != seen
    }

    /// Suspends until ``signal()`` or the timeout resumes `id`; returns at once when a signal already came
    /// after `seen` or the timeout already fired.
    private func suspend(_ id: UUID, after seen: UInt64) async {
        await withCheckedContinuation { continuation in
            if generation != seen || resumed.remove(id) != nil {
                continuation.resume()
            } else {
                waiters[id] = continuation
            }
        }
    }

    /// The timeout's side: resumes `id`'s wait, or remembers it when the wait has not suspended yet.
    private func resume(_ id: UUID) {
        if let continuation = waiters.removeValue(forKey: id) {
            continuation.resume()
        } else {
            resumed.insert(id)
        }
    }
}
