import Hummingbird

/// Answers a known path asked with a method it does not take: 405 with `Allow` (the router alone
/// would say 404), and `OPTIONS` with 204 and `Allow`. Unknown paths go on to the router's 404.
struct MethodsMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    /// Every path of Schemas/openapi.yaml and the methods it takes (HEAD comes with GET).
    static let routes: [(template: String, methods: [HTTPRequest.Method])] = [
        ("/v1/events", [.get, .post]),
        ("/v1/complaints", [.get]),
        ("/v1/complaints/{id}", [.get]),
        ("/v1/complaints/{id}/events", [.get]),
        ("/v1/metrics", [.get]),
        ("/v1/due", [.get]),
        ("/v1/rewards", [.get]),
        ("/v1/rewards/{month}/issue", [.post]),
        ("/v1/rewards/{month}/diff", [.get]),
        ("/v1/verify", [.get]),
        ("/v1/reports/{month}.html", [.get]),
        ("/healthz", [.get]),
        ("/readyz", [.get]),
        ("/metrics", [.get]),
        ("/openapi.yaml", [.get]),
    ]

    /// Passes on a request for an unknown path or with a method the path takes; answers `OPTIONS` itself.
    ///
    /// - Throws: a 405 `method-not-allowed` problem with `Allow` for a method the path does not take.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let methods = Self.methods(forPath: request.uri.path) else { return try await next(request, context) }
        var names = methods.map(\.rawValue)
        if methods.contains(.get) { names.append("HEAD") }
        names.append("OPTIONS")
        let allow = names.joined(separator: ", ")
        if request.method == .options { return Response(status: .noContent, headers: [.allow: allow]) }
        guard methods.contains(request.method) || (request.method == .head && methods.contains(.get)) else {
            var problem = Problem(
                .methodNotAllowed, type: "method-not-allowed",
                detail: "\(request.uri.path) takes \(allow), not \(request.method.rawValue)")
            problem.headers[.allow] = allow
            throw problem
        }
        return try await next(request, context)
    }

    /// The methods of the route whose template matches `path`, if any.
    static func methods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for route in routes {
            let template = route.template.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard template.count == segments.count else { continue }
            if zip(template, segments).allSatisfy(matches) { return route.methods }
        }
        return nil
    }

    /// `{name}` matches any non-empty segment, `{name}.ext` any segment ending in `.ext` after at least one
    /// character, anything else itself.
    static func matches(_ pair: (Substring, Substring)) -> Bool {
        let (template, segment) = pair
        guard template.hasPrefix("{"), let close = template.firstIndex(of: "}") else { return template == segment }
        let suffix = template[template.index(after: close)...]
        return segment.count > suffix.count && segment.hasSuffix(suffix)
    }
}
