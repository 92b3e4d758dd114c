public import Hummingbird
import NIOCore
import Redress
import RedressDomain

/// An error response in RFC 9457 form (`application/problem+json`): `type` (a stable name under
/// `https://redress.example/problems/`), `title`, `status`, `detail` (one line naming the complaint,
/// event and rule) and, where they apply, `rule`, `field`, `line`, `complaint_id`, `event_id`.
/// Never carries a token or a request body.
public struct Problem: HTTPResponseError, Sendable {
    /// The HTTP status; also the body's `status`, and its reason phrase the body's `title`.
    public let status: HTTPResponse.Status
    /// The problem's short name: `rule-violation`, `malformed`, `conflict`, `unauthorized`, …
    public let type: String
    /// One line naming what was refused and why, for a person.
    public let detail: String
    /// The lifecycle rule broken (`needs-acknowledgement`, …) or the access rule, when one was.
    public var rule: String?
    /// The JSON path of the field at fault (`data.amount`), for a malformed body.
    public var field: String?
    /// The 1-based line of an NDJSON batch the problem is about.
    public var line: Int?
    /// The complaint concerned, when known.
    public var complaintID: String?
    /// The event concerned, as its id text, when known.
    public var eventID: String?
    /// Extra response headers (`WWW-Authenticate` for a 401, `Retry-After` where a client should retry).
    public var headers: HTTPFields = [:]

    /// A problem with only the required members; the optional ones are set afterwards.
    public init(_ status: HTTPResponse.Status, type: String, detail: String) {
        self.status = status
        self.type = type
        self.detail = detail
    }

    static let typeBase = "https://redress.example/problems/"

    /// The response: ``status``, ``headers`` plus `Content-Type: application/problem+json`, and ``json`` as the body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The body, with keys in a fixed order.
    public var json: String {
        var w = CanonicalJSONWriter()
        w.raw("{")
        w.key("type", first: true)
        w.string(Self.typeBase + type)
        w.key("title")
        w.string(status.reasonPhrase)
        w.key("status")
        w.integer(status.code)
        w.key("detail")
        w.string(detail)
        if let rule {
            w.key("rule")
            w.string(rule)
        }
        if let field {
            w.key("field")
            w.string(field)
        }
        if let line {
            w.key("line")
            w.integer(line)
        }
        if let complaintID {
            w.key("complaint_id")
            w.string(complaintID)
        }
        if let eventID {
            w.key("event_id")
            w.string(eventID)
        }
        w.raw("}")
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func unauthorized(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, type: "unauthorized", detail: detail)
        problem.headers[.wwwAuthenticate] = #"Bearer realm="redress""#
        return problem
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        var problem = Problem(.badRequest, type: "malformed", detail: detail)
        problem.field = field
        return problem
    }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, type: "not-found", detail: detail) }

    /// The HTTP form of a refused post: 400 malformed, 403 forbidden, 409 conflict or duplicate id,
    /// 422 a lifecycle rule (named in `rule`).
    init(_ rejection: IntakeRejection) {
        switch rejection.kind {
        case .malformed(let field):
            self.init(.badRequest, type: "malformed", detail: rejection.description)
            self.field = field
        case .rule(let rule):
            self.init(.unprocessableContent, type: "rule-violation", detail: rejection.description)
            self.rule = rule.rawValue
        case .conflict:
            self.init(.conflict, type: "conflict", detail: rejection.description)
            self.rule = LifecycleRule.expectedVersion.rawValue
        case .duplicateEventID:
            self.init(.conflict, type: "duplicate-event-id", detail: rejection.description)
        case .forbidden(let rule):
            self.init(.forbidden, type: "forbidden", detail: rejection.description)
            self.rule = rule
        }
        line = rejection.line
        complaintID = rejection.complaintID
        eventID = rejection.eventID
    }

    /// The HTTP form of a ledger error from a report: 400 for bad input, 409 for a conflict,
    /// 422 for a failed verification (an issued statement that no longer reproduces).
    init(_ error: LedgerError) {
        switch error {
        case .conflict, .conflictingLine: self.init(.conflict, type: "conflict", detail: error.description)
        case .verification: self.init(.unprocessableContent, type: "verification-failed", detail: error.description)
        default: self.init(.badRequest, type: "malformed", detail: error.description)
        }
    }
}
