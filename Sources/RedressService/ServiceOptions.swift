public import RedressProjections

/// How `redress serve` runs: where it listens and the limits it holds every client to.
public struct ServiceOptions: Sendable {
    /// Host to bind (`127.0.0.1` by default: put a TLS-terminating proxy in front to serve others).
    public var host = "127.0.0.1"
    /// Port to bind (0: any free port; the service logs and reports the one it got).
    public var port = 8080
    /// The policy metrics, rewards and issued statements use (SPEC 4).
    public var policy = Policy()
    /// Largest request body, bytes (413 beyond).
    public var maxBodyBytes = 4 << 20
    /// Most events in one NDJSON batch (413 beyond).
    public var maxBatchEvents = 10_000
    /// Longest a request may run before a 503 (a long-poll's wait is capped below it).
    public var requestTimeout: Duration = .seconds(60)
    /// Longest a feed read may wait for new events: a longer `wait` is cut to it.
    public var maxFeedWait: Duration = .seconds(30)
    /// Requests one token may have in flight (429 beyond).
    public var maxConcurrentPerToken = 64
    /// Seconds a proved token is remembered: a revocation takes effect within this time.
    public var tokenCacheSeconds = 2.0
    /// Most events one group commit takes.
    public var maxGroupCommit = 1_000
    /// Idle keep-alive connections are closed after this long.
    public var idleTimeout: Duration = .seconds(75)
    /// Longest `/readyz` waits for the ledger before answering 503.
    public var readinessTimeout: Duration = .seconds(5)
    /// Longest a graceful shutdown waits for requests in flight.
    public var shutdownGrace: Duration = .seconds(30)

    /// The defaults documented on each property.
    public init() {}
}
