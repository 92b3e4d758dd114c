import Foundation

/// Wakes long-polling feed readers when this service appends: a reader waits until the next
/// signal or its timeout, whichever comes first, then reads the ledger again. Writers outside this
/// process (an import, another service) send no signal; readers see their events at the next
/// bounded re-read (`GET /v1/events` re-reads at least every half second).
actor ChangeSignal {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    /// Wakes every waiting reader.
    func signal() {
        let woken = waiters
        waiters = [:]
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns at the next ``signal()``, after `timeout`, or when the task is cancelled.
    nonisolated func wait(timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                await self.resume(id)
            }
            await group.next()
            group.cancelAll()
        }
        await forget(id)
    }

    private func forget(_ id: UUID) {
        resumed.remove(id)
        waiters.removeValue(forKey: id)?.resume()
    }

    private func suspend(_ id: UUID) async {
        await withCheckedContinuation { continuation in
            if resumed.remove(id) != nil {
                continuation.resume()
            } else {
                waiters[id] = continuation
            }
        }
    }

    /// Ids resumed before their waiter suspended (the timeout raced ahead of the registration).
    private var resumed: Set<UUID> = []

    private func resume(_ id: UUID) {
        if let continuation = waiters.removeValue(forKey: id) {
            continuation.resume()
        } else {
            resumed.insert(id)
        }
    }
}
