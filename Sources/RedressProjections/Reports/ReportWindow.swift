/// What a month's report reads, in one place for every backend and for the folds of the log: the
/// instants `[startMs, endMs)` of a month in the policy's time zone, and the events at positions up
/// to `asOf`.
///
/// Recovery metrics take the complaints *received* in the window; a statement takes the credits whose
/// event *occurred* in it (SPEC 2 and 3). Either way an event past `asOf` is not there yet.
public struct ReportWindow: Sendable, Equatable {
    /// The first instant of the window, epoch milliseconds.
    public let startMs: Int64
    /// The first instant after the window, epoch milliseconds.
    public let endMs: Int64
    /// The last position the report reads.
    public let asOf: Int64

    /// The window of `[startMs, endMs)` as of position `asOf`.
    public init(startMs: Int64, endMs: Int64, asOf: Int64) {
        self.startMs = startMs
        self.endMs = endMs
        self.asOf = asOf
    }

    /// The window of `month` as of position `asOf`.
    public init(_ month: Month, asOf: Int64) {
        self.init(startMs: month.startMs, endMs: month.endMs, asOf: asOf)
    }

    /// The window's instants as a range.
    public var instants: Range<Int64> { startMs..<endMs }

    /// Whether the instant `ms` is in the window.
    public func holds(_ ms: Int64) -> Bool { ms >= startMs && ms < endMs }

    /// Whether what happened at `ms` and was written at `position` is in the report.
    public func holds(_ ms: Int64, at position: Int64) -> Bool { holds(ms) && position <= asOf }
}
