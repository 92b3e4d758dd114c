import Hummingbird
import NIOCore
import Redress
import RedressDomain
import RedressProjections
import RedressStore

extension Response {
    /// A JSON body (`application/json`), already rendered by the library's canonical writers.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// JSON bodies the service writes beyond the library's reports.
enum ResponseBodies {
    /// `{"events": [export lines…], …}` with extra integer members after the list.
    static func events(_ events: [StoredEvent], leading: [(String, String)] = [], trailing: [(String, Int64)]) -> String
    {
        var w = CanonicalJSONWriter()
        w.raw("{")
        var first = true
        for (key, value) in leading {
            w.key(named: key, first: first)
            w.string(value)
            first = false
        }
        w.key(named: "events", first: first)
        w.raw("[")
        for (i, event) in events.enumerated() {
            if i > 0 { w.raw(",") }
            HashChain.writeExportLine(event, to: &w)
        }
        w.raw("]")
        for (key, value) in trailing {
            w.key(named: key)
            w.integer(value)
        }
        w.raw("}")
        return w.text
    }

    /// What `POST /v1/rewards/{month}/issue` answers: the record of issue and the statement issued.
    static func issued(_ issued: IssuedStatement, _ statement: RewardStatement) -> String {
        var w = CanonicalJSONWriter()
        w.raw("{")
        w.key("month", first: true)
        w.string(issued.month)
        w.key("as_of_position")
        w.integer(issued.asOfPosition)
        w.key("statement_sha256")
        w.string(issued.statementSHA256)
        w.key("policy_sha256")
        w.string(issued.policySHA256)
        w.key("issued_at")
        w.string(issued.issuedAt, utcMilliseconds: true)
        w.key("signed_head")
        if let head = issued.signedHead { w.string(head) } else { w.raw("null") }
        w.key("statement")
        w.raw(statement.json())
        w.raw("}")
        return w.text
    }
}
