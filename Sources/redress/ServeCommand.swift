import ArgumentParser
import Foundation
import Logging
import Redress
import RedressService

/// `redress serve`: the HTTP intake and query service (Schemas/openapi.yaml).
/// Runs until SIGTERM or SIGINT. Exit status: 0 after a graceful stop; 1 a bad policy, an address that
/// cannot be bound, or a stop that overran its grace period; 64 a bad `--listen`, `--log-level` or limit.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the ledger over HTTP: channels post events, readers query.",
        discussion: """
            The routes, bodies and errors are in Schemas/openapi.yaml (also served at /openapi.yaml). Every route \
            but /healthz, /readyz, /metrics and /openapi.yaml needs a bearer token (redress tokens create). Prints \
            "listening on http://HOST:PORT" once it accepts connections; SIGTERM or SIGINT stops it gracefully (no new \
            connections; requests in flight are answered, every acknowledged event is durable). Access logs go to \
            standard error, written in the background: when nobody reads it, lines are dropped and counted, never \
            a request held up. Examples:
              redress serve --listen 127.0.0.1:8080
              redress --db postgres://redress@db.internal/ledger serve --listen 0.0.0.0:80
              redress serve --policy Policies/korea.json
            """)

    @OptionGroup var options: WriteLedgerOptions
    @Option(help: ArgumentHelp("Address to listen on (port 0: any free port).", valueName: "HOST:PORT"))
    var listen = "127.0.0.1:8080"
    @Option(help: ArgumentHelp("Policy for metrics and rewards (SPEC 4). Default: built in.", valueName: "FILE"))
    var policy: String?
    @Option(name: .customLong("max-body-bytes"), help: "Largest request body (413 beyond).")
    var maxBodyBytes = ServiceOptions().maxBodyBytes
    @Option(name: .customLong("max-batch-events"), help: "Most events in one NDJSON batch (413 beyond).")
    var maxBatchEvents = ServiceOptions().maxBatchEvents
    @Option(name: .customLong("max-concurrent-per-token"), help: "Requests one token may have in flight (429 beyond).")
    var maxConcurrentPerToken = ServiceOptions().maxConcurrentPerToken
    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp("Seconds before a request gets 503.", valueName: "SECONDS"))
    var requestTimeout = 60
    @Option(
        name: .customLong("max-feed-wait"),
        help: ArgumentHelp("Longest a feed long-poll waits; a longer wait is cut to it.", valueName: "SECONDS"))
    var maxFeedWait = 30
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard let (_, port) = Self.split(listen), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got \(listen))")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
        }
        guard maxBodyBytes > 0, maxBatchEvents > 0, maxConcurrentPerToken > 0, requestTimeout >= 2, maxFeedWait >= 0
        else {
            throw ValidationError("the limits must be positive (--request-timeout at least 2 seconds)")
        }
    }

    /// `HOST:PORT` split at the last colon (brackets around an IPv6 host removed); `nil` when the port is
    /// not a number or the host is empty.
    static func split(_ listen: String) -> (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            return nil
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        // Lines reach standard error from a thread of their own: a pipe nobody reads never holds up a request.
        let logWriter = BackgroundLogWriter()
        LoggingSystem.bootstrap { label in logWriter.handler(label: label, level: level) }
        defer { logWriter.flush() }
        let (host, port) = Self.split(listen)!
        var service = ServiceOptions()
        service.host = host
        service.port = port
        service.maxBodyBytes = maxBodyBytes
        service.maxBatchEvents = maxBatchEvents
        service.maxConcurrentPerToken = maxConcurrentPerToken
        service.requestTimeout = .seconds(requestTimeout)
        service.maxFeedWait = .seconds(maxFeedWait)
        do { service.policy = try Policy.load(path: policy) } catch { throw Failure.report(error) }
        try await options.withLedger { ledger in
            let server = try RedressServer(ledger: ledger, options: service, logger: Logger(label: "redress.serve"))
            try await server.run(
                onRunning: { port in
                    FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
                },
                overdue: {
                    // SIGTERM always ends the service: nothing may hold it past the grace period.
                    printError("redress: serve did not stop within its grace period; exiting now")
                    Foundation.exit(1)
                })
        }
    }
}
