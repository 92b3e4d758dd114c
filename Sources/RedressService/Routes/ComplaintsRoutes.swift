import Hummingbird
import Redress
import RedressDomain
import RedressProjections

extension RedressServer {
    /// `GET /v1/complaints`: the list `redress complaints` prints
    /// (``Ledger/complaints(policy:asOfPosition:at:filter:)``).
    func addComplaintsRoutes(_ router: Router<ServiceContext>) {
        router.get("/v1/complaints") { request, context -> Response in
            _ = try context.require("list complaints") { $0.mayReadMetrics }
            let filter = try Self.complaintsFilter(request)
            let at = try Self.instant(request, "at")
            let report = try await self.ledger.complaints(
                policy: self.options.policy, asOfPosition: try await self.asOf(request), at: at, filter: filter)
            return .json(report.json())
        }
    }

    /// `open`, `paused`, `overdue` (`true` or `false`), `owner`, `channel` and `month` from the query.
    static func complaintsFilter(_ request: Request) throws -> ComplaintsFilter {
        let query = request.uri.queryParameters
        func flag(_ name: String) throws -> Bool {
            guard let text = query[Substring(name)] else { return false }
            switch text {
            case "true": return true
            case "false": return false
            default: throw Problem.badRequest("\(name) must be true or false (got \(text))", field: name)
            }
        }
        var filter = ComplaintsFilter(open: try flag("open"), overdue: try flag("overdue"), paused: try flag("paused"))
        if let text = query["owner"] {
            guard FieldRules.isValidStaffID(String(text)) else {
                throw Problem.badRequest(
                    "owner must be a staff id, 1–64 characters of A-Z a-z 0-9 . _ : @ - (got \(text))",
                    field: "owner")
            }
            filter.owner = String(text)
        }
        if let text = query["channel"] {
            guard let channel = Channel(rawValue: String(text)) else {
                throw Problem.badRequest(
                    "channel must be one of \(Channel.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))",
                    field: "channel")
            }
            filter.channel = channel
        }
        if let text = query["month"] { filter.month = try month(String(text), field: "month") }
        return filter
    }
}
