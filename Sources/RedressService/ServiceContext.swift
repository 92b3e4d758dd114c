public import Hummingbird
public import Redress
import Synchronization

/// What inner middleware learns about a request and outer middleware reports (the access log
/// runs outside authentication but names the token id).
public final class RequestNotes: Sendable {
    private let id = Mutex<String?>(nil)

    /// The id of the token the request proved (never the token).
    public var tokenID: String? {
        get { id.withLock { $0 } }
        set { id.withLock { $0 = newValue } }
    }
}

/// The request context of `redress serve`: Hummingbird's core storage and the token that the
/// bearer proved (set by `AuthMiddleware`, `nil` when the request carried none or a bad one).
public struct ServiceContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The token in force for this request.
    public var token: AccessToken?
    /// Whether the request carried an `Authorization` header that proved nothing.
    public var badCredentials = false
    /// Shared with the middleware outside this one.
    public let notes = RequestNotes()

    /// A context for a new request: no token proved yet.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The token, when its role passes `allowed`: otherwise 401 (no or bad token) or 403 (wrong role).
    func require(_ what: String, _ allowed: (AccessRole) -> Bool) throws -> AccessToken {
        guard let token else {
            throw Problem.unauthorized(
                badCredentials
                    ? "the bearer token is not valid (unknown, revoked or mistyped)"
                    : "this route needs a bearer token: Authorization: Bearer rdr_…")
        }
        guard allowed(token.role) else {
            throw Problem(
                .forbidden, type: "forbidden", detail: "a \(token.role.rawValue) token may not \(what)")
        }
        return token
    }
}
