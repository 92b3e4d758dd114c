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
    private var pending: [(PostedEvent, CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false

    /// - Parameters:
    ///   - ledger: where the events go.
    ///   - maxBatch: the most events one transaction takes.
    ///   - committed: called after each commit that appended, with the count and the new head.
    init(ledger: Ledger, maxBatch: Int = 1_000, committed: @escaping @Sendable (Int, Int64) -> Void) {
        self.ledger = ledger
        self.maxBatch = maxBatch
        self.committed = committed
    }

    /// Posts one event in the next group commit and returns its outcome once that commit is durable.
    func submit(_ event: PostedEvent) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((event, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let outcomes = try await ledger.postEach(batch.map(\.0))
                report(outcomes)
                for (item, outcome) in zip(batch, outcomes) { item.1.resume(returning: outcome) }
            } catch  where batch.count > 1 {
                for item in batch {
                    do {
                        let outcome = try await ledger.postEach([item.0])
                        report(outcome)
                        item.1.resume(returning: outcome[0])
                    } catch { item.1.resume(throwing: error) }
                }
            } catch {
                for item in batch { item.1.resume(throwing: error) }
            }
        }
        draining = false
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
