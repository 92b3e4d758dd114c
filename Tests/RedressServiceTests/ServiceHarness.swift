import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import NIOCore
import Redress
import RedressService
import Synchronization
import Testing

/// A real service on a real loopback port over a real SQLite file (or PostgreSQL), with one token
/// per role, for tests that speak HTTP to it.
struct ServiceHarness {
    let directory: String
    let ledger: Ledger
    let server: RedressServer
    let logs: InMemoryLogHandler
    /// Bearer text per name: admin, intake, intakeWeb, staff (agent-1), staff2 (agent-2), auditor, payroll.
    let tokens: [String: String]

    /// A fresh SQLite ledger (or the given one), tokens made through the library, and `options`.
    static func make(ledger given: Ledger? = nil, options: ServiceOptions = ServiceOptions()) async throws
        -> ServiceHarness
    {
        let directory = NSTemporaryDirectory() + "redress-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ledger = try given ?? Ledger.open(directory + "/ledger.sqlite")
        var tokens: [String: String] = [:]
        tokens["admin"] = try await ledger.createToken(role: .admin).token
        tokens["intake"] = try await ledger.createToken(role: .intake).token
        tokens["intakeWeb"] = try await ledger.createToken(role: .intake, channel: "web").token
        tokens["staff"] = try await ledger.createToken(role: .staff, staff: "agent-1").token
        tokens["staff2"] = try await ledger.createToken(role: .staff, staff: "agent-2").token
        tokens["auditor"] = try await ledger.createToken(role: .auditor).token
        tokens["payroll"] = try await ledger.createToken(role: .payroll).token
        var options = options
        options.port = 0
        let logs = InMemoryLogHandler()
        let server = try RedressServer(
            ledger: ledger, options: options, logger: Logger(label: "test.serve") { _ in logs })
        return ServiceHarness(directory: directory, ledger: ledger, server: server, logs: logs, tokens: tokens)
    }

    /// Runs `body` against the service listening on a real port; stops it gracefully afterwards.
    func live<T: Sendable>(_ body: @escaping @Sendable (Client) async throws -> T) async throws -> T {
        try await server.application().test(.live) { client in try await body(Client(client: client, tokens: tokens)) }
    }

    /// A test client that names tokens by role.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let tokens: [String: String]

        var port: Int { client.port ?? 0 }

        func request(
            _ method: HTTPRequest.Method, _ uri: String, as who: String?, body: String? = nil,
            contentType: String = "application/json", headers extra: HTTPFields = [:]
        ) async throws -> Reply {
            var headers = extra
            if let who { headers[.authorization] = "Bearer \(tokens[who] ?? who)" }
            if body != nil { headers[.contentType] = contentType }
            let response = try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
            return Reply(status: response.status.code, headers: response.headers, body: String(buffer: response.body))
        }

        func post(_ body: String, as who: String? = "admin", headers: HTTPFields = [:]) async throws -> Reply {
            try await request(.post, "/v1/events", as: who, body: body, headers: headers)
        }

        func get(_ uri: String, as who: String? = "admin") async throws -> Reply {
            try await request(.get, uri, as: who)
        }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: String

        /// The body as a JSON object (the test fails when it is not one).
        func json() throws -> [String: Any] {
            let value = try JSONSerialization.jsonObject(with: Data(body.utf8))
            return try #require(value as? [String: Any], "not a JSON object: \(body)")
        }
    }
}

/// Event lines for tests: a complaint's events with fixed ids and times.
enum Events {
    static func id(_ n: Int) -> String { String(format: "0190f8a0-0000-7000-8000-%012d", n) }

    static func received(_ complaint: String, _ n: Int, channel: String = "web", at time: String = "09:00") -> String {
        #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"received","#
            + #""occurred_at":"2026-03-02T\#(time):00+09:00","data":{"customer":"c-\#(n)","channel":"\#(channel)","#
            + #""category":"product","summary":"배송이 늦어요"}}"#
    }

    static func acknowledged(
        _ complaint: String, _ n: Int, by actor: String = "agent-1", at time: String = "09:30",
        expected: Int? = nil
    ) -> String {
        let version = expected.map { #","expected_version":\#($0)"# } ?? ""
        return #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"acknowledged","actor":"\#(actor)","#
            + #""occurred_at":"2026-03-02T\#(time):00+09:00","data":{}\#(version)}"#
    }

    static func closed(_ complaint: String, _ n: Int, by actor: String = "agent-1", at time: String = "11:00") -> String
    {
        #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"closed","actor":"\#(actor)","#
            + #""occurred_at":"2026-03-02T\#(time):00+09:00","data":{"resolution":"resolved"}}"#
    }
}

/// Another writer holding a SQLite ledger's write lock until released (or for at most a minute).
final class LockHolder: Sendable {
    private let ledger: Ledger
    private let released = Flag()
    private let task: Task<Void, any Error>

    /// Returns once the lock is held.
    init(_ path: String) async throws {
        let ledger = try Ledger.open(path)
        self.ledger = ledger
        let holding = Flag()
        let released = self.released
        task = Task {
            try await ledger.store.write { _ in
                holding.set()
                let deadline = Date().addingTimeInterval(60)
                while !released.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            }
        }
        while !holding.isSet { try await Task.sleep(for: .milliseconds(10)) }
    }

    func release() { released.set() }

    /// Releases the lock, waits for the writer to end, closes its ledger.
    func finish() async throws {
        release()
        try await task.value
        try ledger.close()
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }
}
