import Hummingbird
import Redress

/// Proves the bearer token of every request that carries one and puts it in the context (routes
/// then require a role); holds each token to its concurrency limit (429 beyond it).
///
/// A proved token is remembered for ``ServiceOptions/tokenCacheSeconds``, so a revocation takes
/// effect within that time; the bearer text itself is never logged, stored or echoed.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let tokens: TokenCache
    let limiter: ConcurrencyLimiter

    /// A request without `Authorization` goes on without a token; one whose header proves no token goes on
    /// with ``ServiceContext/badCredentials`` set (the route answers 401 if it needs one). A proved token is
    /// put in the context and counted against its limit for the request's whole run.
    ///
    /// - Throws: a 429 `too-many-requests` problem, with `Retry-After: 1`, when the token is at its limit.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        var context = context
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer", let token = try await tokens.token(String(parts[1])) {
            context.token = token
            context.notes.tokenID = token.id
        } else {
            context.badCredentials = true
            return try await next(request, context)
        }
        guard let token = context.token, limiter.acquire(token.id) else {
            var problem = Problem(
                .tooManyRequests, type: "too-many-requests",
                detail: "this token already has \(limiter.limit) requests in flight; retry when one finishes")
            problem.headers[.retryAfter] = "1"
            throw problem
        }
        defer { limiter.release(token.id) }
        return try await next(request, context)
    }
}
