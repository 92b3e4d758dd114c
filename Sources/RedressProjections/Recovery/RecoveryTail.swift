import RedressDomain

/// A recovery snapshot read from a projection's tables, brought up to the as-of position by folding
/// the events after the projection's checkpoint in memory: how every backend answers a report when
/// its projection lags (a ledger written by an older Redress), without writing.
///
/// A complaint's row depends only on its own events, and every complaint received by the checkpoint
/// already has its row in what the tables gave.
public struct RecoveryTail {
    /// The rows: the tables' and those of complaints received after the checkpoint.
    public private(set) var rows: [RecoveryRow]
    /// Each complaint's transitions, the tail's appended after the tables'.
    public private(set) var transitions: [String: [Transition]]
    private var index: [String: Int]
    private let window: ReportWindow

    /// - Parameters: what the tables hold for complaints received in `window`.
    public init(rows: [RecoveryRow], transitions: [String: [Transition]], in window: ReportWindow) {
        self.rows = rows
        self.transitions = transitions
        self.window = window
        index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.complaintID, $0) })
    }

    /// Where the row of `complaintID` is in ``rows``, if it has one.
    public func index(of complaintID: String) -> Int? { index[complaintID] }

    /// Folds one event after the checkpoint (in position order).
    public mutating func apply(_ event: ProjectionEvent) {
        var row: RecoveryRow?
        if event.type == .received {
            guard window.holds(event.occurredMs) else { return }
        } else {
            guard let at = index[event.complaintID] else { return }
            row = rows[at]
        }
        let added = RecoveryFold.apply(&row, event)
        guard let row else { return }
        if let at = index[event.complaintID] {
            rows[at] = row
        } else {
            index[event.complaintID] = rows.count
            rows.append(row)
        }
        if let added { transitions[event.complaintID, default: []].append(added) }
    }
}
