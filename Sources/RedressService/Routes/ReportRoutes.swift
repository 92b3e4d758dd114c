import Foundation
import Hummingbird
import NIOCore
import Redress
import RedressDomain
import RedressPage
import RedressProjections

extension RedressServer {
    /// Metrics, due, rewards, issue, diff, verify and the month-end page.
    func addReportRoutes(_ router: Router<ServiceContext>) {
        router.get("/v1/metrics") { request, context -> Response in
            _ = try context.require("read metrics") { $0.mayReadMetrics }
            let report = try await self.ledger.metrics(
                month: try Self.month(request), policy: self.options.policy,
                asOfPosition: try await self.asOf(request))
            return .json(report.json())
        }
        router.get("/v1/due") { request, context -> Response in
            _ = try context.require("read the due list") { $0.mayReadMetrics }
            let within = try Self.within(request)
            let at = try Self.instant(request, "at")
            let report = try await self.ledger.due(
                policy: self.options.policy, asOfPosition: try await self.asOf(request), at: at, withinMs: within)
            return .json(report.json())
        }
        router.get("/v1/rewards") { request, context -> Response in
            _ = try context.require("read reward statements") { $0.mayReadRewards }
            let statement = try await self.ledger.rewards(
                month: try Self.month(request), policy: self.options.policy,
                asOfPosition: try await self.asOf(request))
            return .json(statement.json())
        }
        router.post("/v1/rewards/{month}/issue") { request, context -> Response in
            _ = try context.require("issue reward statements") { $0.mayIssueRewards }
            let month = try Self.month(context)
            let (issued, statement) = try await self.ledger.issueRewards(month: month, policy: self.options.policy)
            return .json(ResponseBodies.issued(issued, statement), status: .created)
        }
        router.get("/v1/rewards/{month}/diff") { request, context -> Response in
            _ = try context.require("read reward diffs") { $0.mayReadRewards }
            let month = try Self.month(context)
            guard try await self.ledger.issuedStatements?.latestIssued(month: month) != nil else {
                throw Problem.notFound("no statement has been issued for \(month): POST /v1/rewards/\(month)/issue")
            }
            let diff = try await self.ledger.rewardsDiff(month: month, asOfPosition: try await self.asOf(request))
            return .json(diff.json())
        }
        router.get("/v1/verify") { request, context -> Response in
            _ = try context.require("run verify") { $0.mayAudit }
            return .json(try await self.ledger.verify(projections: try Self.projections(request)).json())
        }
        router.get("/v1/reports/{month}.html") { request, context -> Response in
            _ = try context.require("read the month-end page") { $0.mayReadRewards }
            let month = try Self.month(context)
            let language = try Self.language(request)
            let asOf = try await self.asOf(request, orHead: true)!
            let page = try await self.ledger.monthPage(
                month: month, policy: self.options.policy, asOfPosition: asOf, language: language,
                command: "GET /v1/reports/\(month).html?as_of_position=\(asOf)&lang=\(language.rawValue)")
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page.html())))
        }
    }

    /// `as_of_position`; past the head it is 404 (no such position yet). Absent, it is `nil`, or the
    /// head when `orHead` (the head is read once either way).
    func asOf(_ request: Request, orHead: Bool = false) async throws -> Int64? {
        let position = try Self.position(request, "as_of_position")
        guard position != nil || orHead else { return nil }
        let head = try await ledger.head().position
        guard let position else { return head }
        guard position <= head else {
            // Not (yet) a position of this ledger: like an id it does not hold.
            throw Problem.notFound("as_of_position \(position) is past the ledger's head \(head)")
        }
        return position
    }

    /// `within`: SLA clock time left, `45m`, `4h`, `1h30m`, `2d` (milliseconds; `nil`: absent).
    static func within(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["within"] else { return nil }
        // At most 10 digits a part, so that no sum of parts can overflow.
        guard text.split(whereSeparator: { !$0.isASCIIDigit }).allSatisfy({ $0.count <= 10 }),
            let ms = DurationInput.milliseconds(String(text))
        else {
            throw Problem.badRequest(
                "within must be a duration such as 45m, 4h, 1h30m or 2d (got \(text))", field: "within")
        }
        return ms
    }

    /// An RFC 3339 date-time with an offset from the query, years 1000 to 9998 (so that the instant
    /// is a four-digit year in any time zone), as epoch milliseconds (`nil`: absent).
    static func instant(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        let timestamp: Timestamp
        do { timestamp = try Timestamp(parsing: String(text)) } catch {
            throw Problem.badRequest(
                "\(name) must be an RFC 3339 date-time with an offset, e.g. 2026-03-02T09:00:00+09:00 "
                    + "(\(error.reason))", field: name)
        }
        guard let year = Int(text.prefix(4)), (1000...9998).contains(year) else {
            throw Problem.badRequest("\(name) must be in the years 1000 to 9998 (got \(text))", field: name)
        }
        return timestamp.epochMilliseconds
    }

    static func month(_ request: Request) throws -> String {
        guard let text = request.uri.queryParameters["month"] else {
            throw Problem.badRequest("month is required: month=YYYY-MM", field: "month")
        }
        return try month(String(text), field: "month")
    }

    static func month(_ context: ServiceContext) throws -> String {
        let raw = try context.parameters.require("month")
        return try month(raw.removingPercentEncoding ?? raw, field: "month")
    }

    static func month(_ text: String, field: String) throws -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || (0x30...0x39).contains($0.element) }),
            let number = Int(text.suffix(2)), (1...12).contains(number), bytes[0] != UInt8(ascii: "0")
        else {
            throw Problem.badRequest(
                "\(field) must be YYYY-MM, years 1000 to 9999, e.g. 2026-03 (got \(text))", field: field)
        }
        return text
    }

    /// `projections=true|false` (default false): also compare the read models with a fold of the log.
    static func projections(_ request: Request) throws -> Bool {
        guard let text = request.uri.queryParameters["projections"] else { return false }
        guard let value = Bool(String(text)) else {
            throw Problem.badRequest("projections must be true or false (got \(text))", field: "projections")
        }
        return value
    }

    static func language(_ request: Request) throws -> PageLanguage {
        guard let text = request.uri.queryParameters["lang"] else { return .en }
        guard let language = PageLanguage(rawValue: String(text)) else {
            throw Problem.badRequest("lang must be en or ko (got \(text))", field: "lang")
        }
        return language
    }
}
