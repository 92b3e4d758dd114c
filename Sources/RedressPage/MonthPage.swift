public import Redress
import RedressDomain
public import RedressProjections
public import RedressStore

/// Everything the month-end page shows, computed by the same library code as `metrics` and
/// `rewards`, as of one ledger position: the same inputs give the same page, byte for byte.
public struct MonthPage: Sendable {
    /// The language of the page's labels and dates (English or Korean); the figures do not change.
    public var language: PageLanguage
    /// The month's recovery metrics (the `metrics --format json` object).
    public var metrics: MetricsReport
    /// The month's reward statement (the `rewards --format json` object).
    public var statement: RewardStatement
    /// The month and the five before it, oldest first, as of the same position.
    public var trend: [MetricsReport]
    /// The statement issued for the month, when one was, and what later events change in it.
    public var issued: RewardsDiff?
    /// The newest head recorded at or before the page's position: its position, root and signed note.
    public var head: RecordedHead?
    /// SHA-256 (lowercase hex) of the policy's canonical JSON, shown so a reader can tell which policy applied.
    public var policySHA256: String
    /// The command that makes this page again.
    public var command: String

    /// A page of the given parts, rendered as they are: the caller computes them as of one position.
    public init(
        language: PageLanguage, metrics: MetricsReport, statement: RewardStatement, trend: [MetricsReport],
        issued: RewardsDiff?, head: RecordedHead?, policySHA256: String, command: String
    ) {
        self.language = language
        self.metrics = metrics
        self.statement = statement
        self.trend = trend
        self.issued = issued
        self.head = head
        self.policySHA256 = policySHA256
        self.command = command
    }
}

extension Ledger {
    /// The month-end page for `month` as of `asOfPosition` (default: the head).
    ///
    /// - Parameters:
    ///   - month: `YYYY-MM`, in the policy's time zone.
    ///   - policy: the reward and SLA policy, as for `metrics` and `rewards`.
    ///   - asOfPosition: only events at or before it (default: the head).
    ///   - language: the page's labels and formats.
    ///   - command: the command line that reproduces it, printed in its footer; callers should name
    ///     the as-of position explicitly so that it reproduces after later events.
    public func monthPage(
        month: String, policy: Policy = Policy(), asOfPosition: Int64? = nil, language: PageLanguage = .en,
        command: String
    ) async throws -> MonthPage {
        let metrics = try await self.metrics(month: month, policy: policy, asOfPosition: asOfPosition)
        let position = metrics.asOfPosition
        let statement = try await rewards(month: month, policy: policy, asOfPosition: position)
        var trend: [MetricsReport] = []
        for earlier in Self.monthsEnding(at: month, count: 6) {
            trend.append(try await self.metrics(month: earlier, policy: policy, asOfPosition: position))
        }
        var issued: RewardsDiff?
        if let statements = issuedStatements, let latest = try await statements.latestIssued(month: month),
            latest.asOfPosition <= position
        {
            issued = try await rewardsDiff(month: month, asOfPosition: position)
        }
        let head = try await recordedHeads().last { $0.position <= position }
        return MonthPage(
            language: language, metrics: metrics, statement: statement, trend: trend, issued: issued, head: head,
            policySHA256: policy.sha256, command: command)
    }

    /// `count` month names ending with `month` (`YYYY-MM`), oldest first.
    static func monthsEnding(at month: String, count: Int) -> [String] {
        guard let (year, number) = Month.components(of: month) else { return [month] }
        // Months before year 1 do not exist: the trend of January 0001 is that month alone.
        return (0..<count).reversed().compactMap { back in
            let index = year * 12 + (number - 1) - back
            guard index >= 12 else { return nil }
            let m = index % 12 + 1
            let y = String(index / 12)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-\(m < 10 ? "0" : "")\(m)"
        }
    }
}
