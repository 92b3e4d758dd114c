import Hummingbird
import Logging
import Redress

/// Turns every error a handler throws, and the router's 404 for an unknown path, into a problem+json
/// response: the ledger's refusals keep their meaning (400, 409, 422), a busy ledger or a database that
/// does not answer is 503 with `Retry-After`, anything else is 500 with a reference to the service log
/// (which names the cause; the response does not).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // The router's answer to a path it has no route for: a problem document like every other error.
            throw Problem.notFound(
                "no route \(request.method.rawValue) \(request.uri.path): the routes are listed in /openapi.yaml")
        } catch let error as any HTTPResponseError {
            throw error
        } catch let error as IntakeRejection {
            throw Problem(error)
        } catch let error as LedgerError {
            throw Problem(error)
        } catch is CancellationError {
            // A request cut short by the shutdown (a timed-out one was answered by TimeoutMiddleware).
            var problem = Problem(
                .serviceUnavailable, type: "unavailable", detail: "the service is stopping; retry in a moment")
            problem.headers[.retryAfter] = "1"
            throw problem
        } catch {
            // A store's failure, whichever store: a lock held too long or a database not answering is 503.
            switch LedgerStoreFailure(error) {
            case .locked(let message)?: throw Self.busy(message)
            case .unavailable(let message)?: throw Self.unavailable(message, logger: logger)
            default: throw internalError(error, request)
            }
        }
    }

    static func busy(_ detail: String) -> Problem {
        var problem = Problem(.serviceUnavailable, type: "busy", detail: detail)
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// 503 while the ledger's database does not answer (restarting, stopped, unreachable): the service
    /// connects again by itself, so the client retries after `Retry-After`. The detail names the server
    /// (never a password) and says whether a commit's outcome is unknown.
    static func unavailable(_ detail: String, logger: Logger) -> Problem {
        logger.warning("database unavailable", metadata: ["error": "\(detail)"])
        var problem = Problem(.serviceUnavailable, type: "unavailable", detail: detail)
        problem.headers[.retryAfter] = "2"
        return problem
    }

    func internalError(_ error: any Error, _ request: Request) -> Problem {
        logger.error("internal error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
        return Problem(
            .internalServerError, type: "internal",
            detail: "the service failed on this request; its log names the cause")
    }
}
