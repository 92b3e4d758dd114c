import Dispatch
public import Hummingbird
public import Logging
import NIOCore
public import Redress
import RedressStore
import ServiceLifecycle
import UnixSignals

/// `redress serve`: the HTTP intake and query service over one ledger (SQLite or PostgreSQL).
///
/// The contract is `Schemas/openapi.yaml`, served at `/openapi.yaml`. Every behaviour lives in the
/// library (`Ledger`); this type only maps HTTP to it: bearer tokens and roles, limits, group
/// commit of single posts, long-polling of the feed, problem+json errors, access logs and metrics.
public final class RedressServer: Sendable {
    /// The ledger served; every route reads or writes through it.
    public let ledger: Ledger
    /// Where the service listens and the limits it holds clients to, fixed at start.
    public let options: ServiceOptions
    /// The service's Prometheus metrics, served at `/metrics`.
    public let metrics: ServiceMetrics
    let logger: Logger
    let committer: GroupCommitter
    let signal = ChangeSignal()
    let tokens: TokenCache
    let limiter: ConcurrencyLimiter

    /// - Parameters:
    ///   - ledger: the ledger served; it must keep access tokens (every SQLite and PostgreSQL ledger does).
    ///   - options: where to listen and the limits.
    ///   - logger: access logs and lifecycle messages go here.
    public init(ledger: Ledger, options: ServiceOptions = ServiceOptions(), logger: Logger) throws {
        guard let accessTokens = ledger.accessTokens else {
            throw LedgerError.input("this ledger's store keeps no access tokens, so it cannot be served")
        }
        self.ledger = ledger
        self.options = options
        self.logger = logger
        let metrics = ServiceMetrics()
        self.metrics = metrics
        let signal = self.signal
        committer = GroupCommitter(
            ledger: ledger, maxBatch: options.maxGroupCommit, waiting: { metrics.waiting($0) },
            committed: { events, head in
                metrics.committed(events: events, head: head)
                Task { await signal.signal() }
            })
        tokens = TokenCache(ledger: ledger, store: accessTokens, seconds: options.tokenCacheSeconds)
        limiter = ConcurrencyLimiter(limit: options.maxConcurrentPerToken)
    }

    /// The router with every route and middleware (exposed for in-process tests).
    public func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self, options: .autoGenerateHeadEndpoints)
        // Middleware first: a route's chain is fixed when it is added.
        router.add(middleware: AccessLogMiddleware(logger: logger, metrics: metrics))
        router.add(middleware: MethodsMiddleware())
        router.add(middleware: ErrorMiddleware(logger: logger))
        router.add(middleware: AuthMiddleware(tokens: tokens, limiter: limiter))
        router.add(middleware: TimeoutMiddleware(limit: options.requestTimeout))
        addEventRoutes(router)
        addReadRoutes(router)
        addReportRoutes(router)
        addComplaintsRoutes(router)
        addOperationsRoutes(router)
        return router
    }

    /// The Hummingbird application; `onRunning` gets the bound port once it listens.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(options.idleTimeout.components.seconds))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "redress"),
            onServerRunning: { channel in
                // The head gauge starts from the ledger; commits and /readyz keep it current (a scrape of
                // /metrics never reads the store, so it answers even while the ledger is busy).
                if let head = try? await self.ledger.head().position { self.metrics.headPosition(head) }
                await onRunning(channel.localAddress?.port ?? 0)
            },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: stops accepting connections,
    /// finishes the requests in flight (every acknowledged event is durable before its response),
    /// and returns.
    ///
    /// - Parameters:
    ///   - onRunning: called with the bound port once the server listens.
    ///   - overdue: called when the shutdown is still not done a second after
    ///     ``ServiceOptions/shutdownGrace`` (the requests left are cancelled at the grace period; this is
    ///     the last resort: `redress serve` exits there).
    public func run(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }, overdue: (@Sendable () -> Void)? = nil
    ) async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: application(onRunning: onRunning))
        ]
        if let overdue {
            // Last in the list: the first told of the shutdown.
            services.append(
                .init(service: ShutdownWatchdog(after: options.shutdownGrace + .seconds(1), overdue: overdue)))
        }
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
        logger.info("stopped: every request in flight was answered")
    }
}

/// Starts a timer when the shutdown begins; `overdue` runs if the process is still there when it fires.
struct ShutdownWatchdog: Service {
    let after: Duration
    let overdue: @Sendable () -> Void

    func run() async throws {
        // Returns when the shutdown begins (or throws when the group is cancelled: it is ending anyway).
        try await gracefulShutdown()
        let seconds = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
        let overdue = self.overdue
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { overdue() }
    }
}
