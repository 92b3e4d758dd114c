import Hummingbird

/// Answers 503 when a handler runs past the limit, at once: the handler is cancelled, and a post
/// waiting for the group commit stops waiting (its event still goes into the transaction it was
/// gathered for; a retry with the same `event_id`, which is idempotent, says whether it did).
struct TimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Duration

    /// The handler's response, or a 503 `timeout` problem with `Retry-After: 1` once ``limit`` has passed.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await withoutActuallyEscaping(next) { next in
            let operation = UnsafeTransfer(next)
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask { try await operation.value(request, context) }
                group.addTask { [limit] in
                    try await Task.sleep(for: limit)
                    var problem = Problem(
                        .serviceUnavailable, type: "timeout", detail: "the request took longer than \(limit); retry")
                    problem.headers[.retryAfter] = "1"
                    throw problem
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        }
    }
}

/// Carries a non-Sendable closure into a child task that ends before the closure's scope does.
struct UnsafeTransfer<T>: @unchecked Sendable {
    let value: T
    /// Wraps `value`; the caller guarantees it is used only while its scope lasts.
    init(_ value: T) { self.value = value }
}
