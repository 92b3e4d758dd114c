import Redress
import RedressDomain

/// Gathers concurrent single-event posts into one write transaction (group commit).
///
/// The first post starts a commit; every post that arrives while that commit's fsync runs waits
/// for the next one, which takes them all. Each caller gets its own outcome only after the
/// transaction holding its event has committed — durably, as every ledger write is — so a
/// response never acknowledges an event that a crash could lose. A refused event stores nothing
/// of itself and does not hold back the others (``Ledger/postEach(_:)``); if the transaction as a
/// whole fails, each event of it is retried alone so one bad event cannot fail its neighbours.
actor GroupCommitter {
    typealias Outcome = Result<IntakeReceipt, IntakeRejection>

    private let ledger: Ledger
    private let maxBatch: Int
    private let committed: @Sendable (_ events: Int, _ head: Int64) -> Void
    private let waiting: @Sendable (_ events: Int) -> Void
    private var pending: [(id: Int, event: PostedEvent)] = []
    /// The callers still waiting, by ticket: a caller that gives up (its request timed out) is answered
    /// at once and removed; its event still goes into the transaction it was gathered for.
    private var callers: [Int: CheckedContinuation<Outcome, any Error>] = [:]
    private var nextTicket = 0
    private var draining = false

    /// - Parameters:
    ///   - ledger: where the events go.
    ///   - maxBatch: the most events one transaction takes.
    ///   - waiting: called whenever the number of posts waiting for the next transaction changes.
    ///   - committed: called after each commit that appended, with the count and the new head.
    init(
        ledger: Ledger, maxBatch: Int = 1_000, waiting: @escaping @Sendable (Int) -> Void = { _ in },
        committed: @escaping @Sendable (Int, Int64) -> Void
    ) {
        self.waiting = waiting
        self.ledger = ledger
        self.maxBatch = maxBatch
        self.committed = committed
    }

    /// Posts one event in the next group commit and returns its outcome once that commit is durable.
    /// When the calling task is cancelled first, it throws `CancellationError` at once (the event may
    /// still be stored: a retry with the same `event_id` says so).
    func submit(_ event: PostedEvent) async throws -> Outcome {
        nextTicket += 1
        let ticket = nextTicket
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                callers[ticket] = continuation
                pending.append((ticket, event))
                waiting(pending.count)
                if !draining {
                    draining = true
                    Task { await self.drain() }
                }
            }
        } onCancel: {
            Task { await self.answer(ticket, .failure(CancellationError())) }
        }
    }

    private func answer(_ ticket: Int, _ result: Result<Outcome, any Error>) {
        callers.removeValue(forKey: ticket)?.resume(with: result)
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            waiting(pending.count)
            do {
                let outcomes = try await ledger.postEach(batch.map(\.event))
                report(outcomes)
                for (item, outcome) in zip(batch, outcomes) { answer(item.id, .success(outcome)) }
            } catch  where batch.count > 1 && !Self.isUnavailable(error) {
                for item in batch {
                    do {
                        let outcome = try await ledger.postEach([item.event])
                        report(outcome)
                        answer(item.id, .success(outcome[0]))
                    } catch { answer(item.id, .failure(error)) }
                }
            } catch {
                for item in batch { answer(item.id, .failure(error)) }
            }
        }
        draining = false
    }

    /// A database that does not answer fails every event alike: no point retrying them one by one.
    static func isUnavailable(_ error: any Error) -> Bool {
        if case .unavailable? = LedgerStoreFailure(error) { return true }
        return false
    }

    private func report(_ outcomes: [Outcome]) {
        var appended = 0
        var head: Int64 = 0
        for case .success(let receipt) in outcomes where receipt.created {
            appended += 1
            head = max(head, receipt.event.position)
        }
        if appended > 0 { committed(appended, head) }
    }
}
