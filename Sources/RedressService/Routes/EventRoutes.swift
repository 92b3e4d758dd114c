import Foundation
import Hummingbird
import NIOCore
import Redress
import RedressDomain
import RedressStore

extension RedressServer {
    /// `POST /v1/events`: one event (`application/json`, group-committed with concurrent posts) or
    /// a batch (`application/x-ndjson`, all-or-nothing in one transaction).
    func addEventRoutes(_ router: Router<ServiceContext>) {
        router.post("/v1/events") { request, context -> Response in
            // Any token: which role posts which event is decided per event, in one place
            // (`AccessToken.refusal(toPost:channel:)`), so a 403 names the role, the type and the rule.
            let token = try context.require("post events") { _ in true }
            let mediaType = try Self.mediaType(request.headers[.contentType] ?? "")
            let body = try await self.collectBody(request)
            switch mediaType {
            case "application/json":
                return try await self.postOne(body, ifMatch: request.headers[.ifMatch], token: token)
            case "application/x-ndjson":
                return try await self.postBatch(body, ifMatch: request.headers[.ifMatch], token: token)
            default:
                throw Problem(
                    .unsupportedMediaType, type: "unsupported-media-type",
                    detail: "post one event as application/json or a batch as application/x-ndjson")
            }
        }
    }

    /// The media type of a `Content-Type`, lower-cased, once its parameters pass: a `charset` other than
    /// UTF-8 (case-insensitive, quoted or not) is 415 — the body is always read as UTF-8, so text sent in
    /// another charset would be stored as something else.
    static func mediaType(_ contentType: String) throws -> String? {
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard value.lowercased() == "utf-8" else {
                throw Problem(
                    .unsupportedMediaType, type: "unsupported-media-type",
                    detail: "charset \(value) is not accepted: events are UTF-8 (send charset=utf-8, or no charset)")
            }
        }
        return parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// The body, up to the limit (413 beyond it).
    func collectBody(_ request: Request) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: options.maxBodyBytes) } catch is NIOTooManyBytesError {
            throw Problem(
                .contentTooLarge, type: "too-large",
                detail: "the body is larger than \(options.maxBodyBytes) bytes; split the batch")
        }
    }

    func postOne(_ body: ByteBuffer, ifMatch: String?, token: AccessToken) async throws -> Response {
        var line = try decode(Array(body.readableBytesView), lineNumber: nil)
        try apply(ifMatch: ifMatch, to: &line)
        switch try await committer.submit(PostedEvent(line, token: token)) {
        case .success(let receipt): return Self.response(receipt)
        case .failure(let rejection):
            metrics.refusal(Problem(rejection).type)
            throw Problem(rejection)
        }
    }

    /// `If-Match` is the stream's version before the (first) event, as its `expected_version`. When the
    /// event says another version too, they cannot both match the stream: that is a conflict.
    func apply(ifMatch: String?, to line: inout InterchangeLine) throws {
        guard let ifMatch else { return }
        guard let version = Self.version(ifMatch: ifMatch) else {
            throw Problem.badRequest(
                "If-Match must be the stream's version, e.g. If-Match: \"3\" (got \(ifMatch))", field: "If-Match")
        }
        if let given = line.expectedVersion, given != version {
            let event = line.event
            var problem = Problem(
                .conflict, type: "conflict",
                detail: "complaint \(event.complaintID), event \(event.eventID): If-Match says version \(version) but "
                    + "expected_version says \(given); they cannot both match the stream")
            problem.rule = LifecycleRule.expectedVersion.rawValue
            problem.complaintID = event.complaintID
            problem.eventID = event.eventID.description
            throw problem
        }
        line.expectedVersion = version
    }

    func postBatch(_ body: ByteBuffer, ifMatch: String?, token: AccessToken) async throws -> Response {
        var bytes = Array(body.readableBytesView)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        let lines = bytes.isEmpty ? [] : bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw Problem.badRequest("the batch is empty: one event per line", field: "") }
        guard lines.count <= options.maxBatchEvents else {
            throw Problem(
                .contentTooLarge, type: "too-large",
                detail: "the batch has \(lines.count) lines; at most \(options.maxBatchEvents) per request")
        }
        var events: [PostedEvent] = []
        events.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            var line = Array(line)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            var decoded = try decode(line, lineNumber: index + 1)
            if index == 0 { try apply(ifMatch: ifMatch, to: &decoded) }
            events.append(PostedEvent(decoded, token: token))
        }
        let receipts: [IntakeReceipt]
        do { receipts = try await ledger.post(events) } catch let rejection as IntakeRejection {
            metrics.refusal(Problem(rejection).type)
            throw Problem(rejection)
        }
        let created = receipts.filter(\.created)
        if let head = created.map(\.event.position).max() {
            metrics.committed(events: created.count, head: head)
            await signal.signal()
        }
        let text = ResponseBodies.events(
            receipts.map(\.event),
            trailing: [("created", Int64(created.count)), ("already_stored", Int64(receipts.count - created.count))])
        return .json(text, status: created.isEmpty ? .ok : .created)
    }

    func decode(_ bytes: [UInt8], lineNumber: Int?) throws -> InterchangeLine {
        let result = bytes.withUnsafeBufferPointer { Ledger.decodePosted($0) }
        switch result {
        case .success(let line): return line
        case .failure(let rejection):
            metrics.refusal("malformed")
            throw Problem(lineNumber.map { rejection.at(line: $0) } ?? rejection)
        }
    }

    /// `3`, `"3"` or `W/"3"`: the stream version a conditional post expects.
    static func version(ifMatch: String) -> Int? {
        var text = Substring(ifMatch.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    /// 201 with the stored event for a new one, 200 for a repeat; `Location` names the complaint and
    /// `ETag` its version after the event.
    static func response(_ receipt: IntakeReceipt) -> Response {
        let event = receipt.event
        return .json(
            HashChain.exportLine(event), status: receipt.created ? .created : .ok,
            headers: [.location: "/v1/complaints/\(event.complaintID)", .eTag: "\"\(event.version)\""])
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
