import CoreMetrics
import Metrics
public import Prometheus

/// The service's Prometheus metrics (`GET /metrics`), recorded through swift-metrics into this
/// service's own registry (no process-wide bootstrap, so two services in one process keep apart).
///
/// - `redress_http_requests_total{method,route,status}`
/// - `redress_http_request_duration_seconds{method,route}` (histogram)
/// - `redress_appends_total`, `redress_group_commits_total`, `redress_group_commit_events` (histogram)
/// - `redress_post_refusals_total{kind}` (`conflict`, `rule-violation`, `malformed`, …)
/// - `redress_ledger_head_position`
/// - `redress_group_commit_waiting`: posts waiting for the next transaction
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` renders; this service's own, shared with no other.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let appends: CoreMetrics.Counter
    private let commits: CoreMetrics.Counter
    private let batchSizes: CoreMetrics.Recorder
    private let head: CoreMetrics.Gauge
    private let waitingPosts: CoreMetrics.Gauge

    /// A new registry holding the metrics without labels, at zero; the labelled ones appear with their
    /// first request or refusal.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        self.factory = factory
        appends = CoreMetrics.Counter(label: "redress_appends_total", factory: factory)
        commits = CoreMetrics.Counter(label: "redress_group_commits_total", factory: factory)
        batchSizes = CoreMetrics.Recorder(label: "redress_group_commit_events", factory: factory)
        head = CoreMetrics.Gauge(label: "redress_ledger_head_position", factory: factory)
        waitingPosts = CoreMetrics.Gauge(label: "redress_group_commit_waiting", factory: factory)
    }

    /// Counts one answered request and records how long it took; `route` is the route's template, never
    /// the path, so a label's values stay few.
    func request(method: String, route: String, status: Int, duration: Duration) {
        CoreMetrics.Counter(
            label: "redress_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        ).increment()
        Metrics.Timer(
            label: "redress_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
            factory: factory
        ).record(duration: duration)
    }

    /// Records one group commit of `events` appends and the head it reached.
    func committed(events: Int, head position: Int64) {
        appends.increment(by: events)
        commits.increment()
        batchSizes.record(events)
        head.record(Double(position))
    }

    /// Records the ledger's head position (`redress_ledger_head_position`).
    func headPosition(_ position: Int64) { head.record(Double(position)) }

    /// Records how many posts wait for the next group commit.
    func waiting(_ posts: Int) { waitingPosts.record(Double(posts)) }

    /// Counts one refused post by the problem's `type` (`conflict`, `rule-violation`, …).
    func refusal(_ kind: String) {
        CoreMetrics.Counter(label: "redress_post_refusals_total", dimensions: [("kind", kind)], factory: factory)
            .increment()
    }

    /// The text exposition format.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
