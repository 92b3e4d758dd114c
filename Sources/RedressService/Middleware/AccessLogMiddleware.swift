import Hummingbird
import Logging

/// One structured log line per request — method, route, path, status, duration, token id — and
/// the request metrics. Never the token itself, never a body or any event text.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let logger: Logger
    let metrics: ServiceMetrics

    /// Passes the request on, then logs its line and records its metrics, whatever the outcome (a thrown
    /// error is logged with its HTTP status, 500 when it has none, and thrown on).
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let duration = ContinuousClock.now - start
            let route = context.endpointPath ?? "unmatched"
            metrics.request(method: request.method.rawValue, route: route, status: status, duration: duration)
            logger.info(
                "request",
                metadata: [
                    "method": "\(request.method.rawValue)", "route": "\(route)", "path": "\(request.uri.path)",
                    "status": "\(status)",
                    "duration_ms": "\((duration / .microseconds(1)).rounded() / 1000)",
                    "token": "\(context.notes.tokenID ?? "-")",
                ])
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
