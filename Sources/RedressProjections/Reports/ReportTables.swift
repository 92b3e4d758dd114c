/// What a backend reads from its projection tables for a report, rows only: the window's rows of the
/// active generation. ``ProjectionEngine/recovery(_:receivedFrom:to:asOf:)`` and
/// ``ProjectionEngine/rewardCandidates(_:occurredFrom:to:asOf:)`` keep the rest — the as-of position,
/// the checkpoint, and the fold of the events the projection has not reached yet — once for every
/// backend.
public protocol ReportTables: ProjectionTables {
    /// The `recorded_at` (epoch ms) of the event at `position`; 0 when there is none (an empty ledger).
    func recordedMs(at position: Int64) throws -> Int64
    /// The recovery rows of `generation` whose complaint was received in `window` (received at an
    /// instant of the window, at a position up to its `asOf`), in the order they were received.
    func recoveryRows(generation: Int64, in window: ReportWindow) throws -> [RecoveryRow]
    /// The transitions up to `window.asOf` of those complaints, by complaint, each in position order.
    func recoveryTransitions(generation: Int64, in window: ReportWindow) throws -> [String: [Transition]]
    /// The reward candidates of `generation` whose event occurred in `window`, in position order.
    func rewardCandidates(generation: Int64, in window: ReportWindow) throws -> [RewardCandidate]
}

extension ProjectionEngine {
    /// Complaints received in `[startMs, endMs)` at or before `asOf` (default: the head), with their
    /// transitions, as the recovery projection gives them, brought up to `asOf` in memory when the
    /// projection lags (a ledger written by an older Redress): nothing is written.
    ///
    /// - Throws: `ProjectionError` when `asOf` is past the head or the ledger lacks the projection.
    public static func recovery(
        _ tables: some ReportTables, receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?
    ) throws -> RecoverySnapshot {
        let window = ReportWindow(
            startMs: startMs, endMs: endMs, asOf: try asOf(requested, head: try tables.head()))
        let clock = try tables.recordedMs(at: window.asOf)
        let checkpoint = try tables.checkpoint(.recovery)
        var rows = try tables.recoveryRows(generation: checkpoint.generation, in: window)
        var transitions = try tables.recoveryTransitions(generation: checkpoint.generation, in: window)
        if checkpoint.position < window.asOf {
            var tail = RecoveryTail(rows: rows, transitions: transitions, in: window)
            try scan(tables, after: checkpoint.position, upTo: window.asOf) { tail.apply($0) }
            (rows, transitions) = (tail.rows, tail.transitions)
        }
        return RecoverySnapshot(asOfPosition: window.asOf, clockMs: clock, rows: rows, transitions: transitions)
    }

    /// Reward candidates whose event occurred in `[startMs, endMs)` at or before `asOf` (default: the
    /// head), and the position used, as the rewards projection gives them, brought up to `asOf` in memory
    /// when the projection lags: nothing is written.
    ///
    /// - Throws: `ProjectionError` when `asOf` is past the head or the ledger lacks the projection.
    public static func rewardCandidates(
        _ tables: some ReportTables, occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?
    ) throws -> (asOf: Int64, candidates: [RewardCandidate]) {
        let window = ReportWindow(
            startMs: startMs, endMs: endMs, asOf: try asOf(requested, head: try tables.head()))
        let checkpoint = try tables.checkpoint(.rewards)
        var candidates = try tables.rewardCandidates(generation: checkpoint.generation, in: window)
        if checkpoint.position < window.asOf {
            var tail = RewardsTail(candidates: candidates, in: window)
            try scan(tables, after: checkpoint.position, upTo: window.asOf) { event in
                try tail.apply(event) { RewardsFold.state(after: try tables.stream($0, before: event.position)) }
            }
            candidates = tail.candidates
        }
        return (window.asOf, candidates)
    }
}
