import Hummingbird
import NIOCore
import Redress
import RedressDomain

extension RedressServer {
    /// Metrics, rewards, issue, diff, verify and the month-end page.
    func addReportRoutes(_ router: Router<ServiceContext>) {
        router.get("/v1/metrics") { request, context -> Response in
            _ = try context.require("read metrics") { $0.mayReadMetrics }
            let report = try await self.ledger.metrics(
                month: try Self.month(request), policy: self.options.policy,
                asOfPosition: try await self.asOf(request))
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
        router.get("/v1/verify") { _, context -> Response in
            _ = try context.require("run verify") { $0.mayAudit }
            return .json(try await self.ledger.verify().json())
        }
        router.get("/v1/reports/{month}.html") { request, context -> Response in
            _ = try context.require("read the month-end page") { $0.mayReadRewards }
            let month = try Self.month(context)
            let language = try Self.language(request)
            var asOf = try await self.asOf(request)
            if asOf == nil { asOf = try await self.ledger.store.head().position }
            let page = try await self.ledger.monthPage(
                month: month, policy: self.options.policy, asOfPosition: asOf, language: language,
                command: "GET /v1/reports/\(month).html?as_of_position=\(asOf!)&lang=\(language.rawValue)")
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page.html())))
        }
    }

    /// `as_of_position`; past the head it is 404 (no such position yet).
    func asOf(_ request: Request) async throws -> Int64? {
        guard let position = try Self.position(request, "as_of_position") else { return nil }
        let head = try await ledger.store.head().position
        guard position <= head else {
            // Not (yet) a position of this ledger: like an id it does not hold.
            throw Problem.notFound("as_of_position \(position) is past the ledger's head \(head)")
        }
        return position
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

    static func language(_ request: Request) throws -> PageLanguage {
        guard let text = request.uri.queryParameters["lang"] else { return .en }
        guard let language = PageLanguage(rawValue: String(text)) else {
            throw Problem.badRequest("lang must be en or ko (got \(text))", field: "lang")
        }
        return language
    }
}
