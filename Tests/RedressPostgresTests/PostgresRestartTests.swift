#if PostgreSQL
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// The real `redress` binary while the PostgreSQL server under it restarts (`pg_ctl restart`) or is
/// killed (`pg_ctl stop -m immediate`, then started again) at random points — on a throwaway cluster of
/// the test's own, since the shared one must stay up. Ten times during a CLI import and ten times under
/// service load:
///
/// - nothing hangs: every import ends well within its timeouts, every request is answered within
///   `--request-timeout`, and SIGTERM ends `serve` while the database is down;
/// - a failed import says so in one line without internal words and stored nothing (the import is one
///   transaction), an import that exited 0 is whole, and the ledger verifies;
/// - the service answers 503 with `Retry-After` (problem+json) while the server is away, `/readyz`
///   included, and serves again within seconds of its return without being restarted;
/// - every event the service acknowledged (200/201) is in the ledger, once.
@Suite(.serialized) struct PostgresRestartTests {
    static let trials = 10
    static let linesPerImport = 1_200
    /// Timeouts the commands run with here: short, so that a bound that does not hold shows.
    static let environment = ["REDRESS_STATEMENT_TIMEOUT": "5", "PGCONNECT_TIMEOUT": "5"]

    @Test func importsAndTheServiceSurviveServerRestartsAndKills() async throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.remove() }
        var generator = SystemRandomNumberGenerator()
        try await importTrials(cluster, &generator)
        try await serviceTrials(cluster, &generator)
    }

    /// Ten imports, each disrupted at a random point of its expected run.
    func importTrials(_ cluster: ThrowawayCluster, _ generator: inout SystemRandomNumberGenerator) async throws {
        let db = try cluster.database("imports")
        let directory = cluster.directory + "/files"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func file(_ trial: Int) throws -> String {
            let path = directory + "/import-\(trial).ndjson"
            let lines = (1...Self.linesPerImport).map { Self.received("I\(trial)-\($0)", trial, $0) }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func stored(_ trial: Int) throws -> Int {
            try Int(cluster.sql("SELECT count(*) FROM events WHERE complaint_id LIKE 'I\(trial)-%'", db: db)) ?? -1
        }
        // An undisturbed import: how long one takes here.
        let first = try Command.run(["--db", cluster.url(db), "import", try file(0)], timeout: 120)
        try #require(first.status == 0, "the undisturbed import: \(first.stderr)")
        #expect(try stored(0) == Self.linesPerImport)
        var whole = 1
        var failed = 0
        for trial in 1...Self.trials {
            let path = try file(trial)
            let command = try Command.start(["--db", cluster.url(db), "import", path])
            try await Task.sleep(for: .seconds(Double.random(in: 0.1...0.9, using: &generator) * first.seconds))
            let kill = trial % 2 == 0
            try await cluster.disrupt(kill: kill, down: .milliseconds(Int.random(in: 100...600, using: &generator)))
            let out = try await blocking { command.finish(timeout: 40) }
            let count = try stored(trial)
            let what = "import \(trial) (\(kill ? "killed" : "restarted")): exit \(out.status), \(count) stored"
            // Statement and connect timeouts of 5 s: nothing may run on 40 s past the disruption, nor take
            // much longer than an undisturbed import does on this machine now (a loaded CI run is slower).
            let bound = max(30, 2 * first.seconds + 10)
            #expect(!out.timedOut && out.seconds < bound, "\(what): ran \(out.seconds) s, over \(bound) s: it hung")
            if out.status == 0 {
                whole += 1
                #expect(count == Self.linesPerImport, "\(what): exited 0 but is not whole")
            } else {
                failed += 1
                let lines = out.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].hasPrefix("redress: "), "\(what): \(out.stderr)")
                for word in Self.internalWords {
                    #expect(!out.stderr.contains(word), "\(what): \(out.stderr)")
                }
                // One transaction: nothing, or — only when the message says the commit's outcome is
                // unknown — all of it.
                let unknown = out.stderr.contains("whether the commit went through is unknown")
                #expect(count == 0 || (unknown && count == Self.linesPerImport), "\(what): \(out.stderr)")
                if count == Self.linesPerImport { whole += 1 }
            }
        }
        // The disruptions did hit imports in progress (else this proves little).
        #expect(failed >= Self.trials / 3, "only \(failed) of \(Self.trials) imports were interrupted")
        let verify = try Command.run(["--db", cluster.url(db), "verify"], timeout: 60)
        #expect(verify.status == 0, "verify after the imports: \(verify.stderr)")
        #expect(try Int(cluster.sql("SELECT count(*) FROM events", db: db)) == whole * Self.linesPerImport)
        print("imports: \(failed) of \(Self.trials) interrupted, \(whole - 1) whole, undisturbed \(first.seconds) s")
    }

    /// Ten disruptions under a steady load of posts; then SIGTERM while the server is down.
    func serviceTrials(_ cluster: ThrowawayCluster, _ generator: inout SystemRandomNumberGenerator) async throws {
        let db = try cluster.database("service")
        let tokenRun = try Command.run(["--db", cluster.url(db), "tokens", "create", "--role", "admin"], timeout: 60)
        try #require(tokenRun.status == 0, "\(tokenRun.stderr)")
        let token = tokenRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let requestTimeout = 10.0
        let serve = try Command.start(
            ["--db", cluster.url(db), "serve", "--listen", "127.0.0.1:0", "--request-timeout", "10"],
            firstLine: true)
        let port = try #require(serve.firstLine.split(separator: ":").last.flatMap { Int($0) }, "\(serve.firstLine)")
        let load = Load(port: port, token: token)
        let loadTask = Task { await load.run(clients: 8) }
        var recoveries: [Double] = []
        var readyWhileDown: [(status: Int, retryAfter: Bool, problem: Bool)] = []
        for trial in 1...Self.trials {
            try await Task.sleep(for: .milliseconds(Int.random(in: 400...1200, using: &generator)))
            let kill = trial % 2 == 0
            let down = Duration.milliseconds(Int.random(in: 300...900, using: &generator))
            try await cluster.disrupt(kill: kill, down: down) {
                // While the server is away the service says so: 503, Retry-After, a problem document.
                if let probe = try? await Load.get(port: port, "/readyz") { readyWhileDown.append(probe) }
            }
            let back = ContinuousClock.now
            var ready = false
            while !ready && ContinuousClock.now - back < .seconds(20) {
                ready = (try? await Load.get(port: port, "/readyz"))?.status == 200
                if !ready { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(ready, "trial \(trial): the service did not serve again within 20 s of the server's return")
            recoveries.append((ContinuousClock.now - back) / .seconds(1))
        }
        try await Task.sleep(for: .seconds(1))
        // SIGTERM with the database down and the load still running: serve ends within its grace period.
        try await blocking { try cluster.stop(kill: true) }
        try await Task.sleep(for: .milliseconds(300))
        let term = ContinuousClock.now
        serve.signal(SIGTERM)
        let served = try await blocking { serve.finish(timeout: 40) }
        let stopSeconds = (served.ended - term) / .seconds(1)
        load.stop()
        let result = await loadTask.value
        try await blocking { try cluster.start() }

        #expect(!served.timedOut && stopSeconds < 30, "serve took \(stopSeconds) s to end after SIGTERM")
        #expect(served.status == 0, "serve exited \(served.status): \(served.stderr.suffix(2000))")
        #expect(
            !readyWhileDown.isEmpty && readyWhileDown.allSatisfy { $0.status == 503 && $0.retryAfter && $0.problem })
        #expect(result.unavailable > 0 && result.unavailableWithoutRetryAfter == 0, "\(result.statuses)")
        #expect(
            Set(result.statuses.keys).isSubset(of: [200, 201, 503]),
            "answers other than 200, 201, 503: \(result.statuses)")
        #expect(
            result.slowest < requestTimeout + 2,
            "a request took \(result.slowest) s (--request-timeout \(requestTimeout))")
        #expect(recoveries.allSatisfy { $0 < 5 }, "seconds to serve again after the server's return: \(recoveries)")
        #expect(result.acknowledged.count > 100, "\(result.statuses)")
        // Every acknowledged event is in the ledger, once; the ledger verifies.
        let export = try Command.run(["--db", cluster.url(db), "export"], timeout: 120)
        #expect(export.status == 0, "\(export.stderr)")
        var counts: [String: Int] = [:]
        for line in export.stdout.split(separator: "\n") {
            guard let start = line.range(of: #""event_id":""#) else { continue }
            counts[String(line[start.upperBound...].prefix(36)), default: 0] += 1
        }
        let lost = result.acknowledged.filter { counts[$0] == nil }
        #expect(lost.isEmpty, "\(lost.count) of \(result.acknowledged.count) acknowledged events are not in the ledger")
        #expect(counts.values.allSatisfy { $0 == 1 })
        let verify = try Command.run(["--db", cluster.url(db), "verify"], timeout: 60)
        #expect(verify.status == 0, "verify after the service trials: \(verify.stderr)")
        print(
            "service: \(result.statuses) over \(Self.trials) disruptions; serving again after "
                + "\(recoveries.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s; "
                + "slowest answer \(String(format: "%.2f", result.slowest)) s; SIGTERM to exit "
                + String(format: "%.2f s", stopSeconds))
    }

    /// A server that stops answering without closing anything (every process of it stopped with
    /// SIGSTOP, as a hung host or a lost network looks): an import in progress fails within the
    /// statement timeout (5 s here, plus the client's 2), a new command within the connect timeout,
    /// `/readyz` answers 503 within its 5 s, and SIGTERM still ends `serve` within its grace period.
    @Test func aServerThatStopsAnsweringFailsCommandsWithinTheirTimeouts() async throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.remove() }
        let db = try cluster.database("frozen")
        let path = cluster.directory + "/frozen.ndjson"
        let lines = (1...Self.linesPerImport).map { Self.received("F-\($0)", 99, $0) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let tokenRun = try Command.run(["--db", cluster.url(db), "tokens", "create", "--role", "admin"], timeout: 60)
        try #require(tokenRun.status == 0, "\(tokenRun.stderr)")
        let token = tokenRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try Command.start(
            ["--db", cluster.url(db), "serve", "--listen", "127.0.0.1:0", "--request-timeout", "30"], firstLine: true)
        let port = try #require(serve.firstLine.split(separator: ":").last.flatMap { Int($0) }, "\(serve.firstLine)")
        #expect(try await Load.get(port: port, "/readyz").status == 200)

        let importing = try Command.start(["--db", cluster.url(db), "import", path])
        try await Task.sleep(for: .milliseconds(700))
        let frozen = try cluster.freeze()
        defer { cluster.thaw(frozen) }
        let since = ContinuousClock.now
        // The import's end, watched from now on.
        let importEnd = Task { try await blocking { (importing.finish(timeout: 30), ContinuousClock.now) } }
        // A post waits on the frozen server (the service's one connection) …
        let post = Task {
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
            client.connect()
            defer { Task { try? await client.shutdown() } }
            return try await client.post(
                "/v1/events", headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: Self.received("F-post", 98, 1))
            ).status.code
        }
        // … readiness says so within its bound …
        let ready = try await Load.get(port: port, "/readyz")
        let readySeconds = (ContinuousClock.now - since) / .seconds(1)
        #expect(
            ready.status == 503 && ready.retryAfter && ready.problem && readySeconds < 7, "\(ready), \(readySeconds) s")
        // … a new command gives up within the connect timeout, the import within the statement timeout.
        let verify = try await blocking { try Command.run(["--db", cluster.url(db), "verify"], timeout: 30) }
        #expect(
            verify.status != 0 && verify.seconds < 12 && verify.stderr.contains("did not answer within 5 s"),
            "\(verify)")
        let (imported, ended) = try await importEnd.value
        let importSeconds = (ended - since) / .seconds(1)
        #expect(!imported.timedOut && imported.status != 0, "\(imported)")
        #expect(importSeconds < 10, "the import ended \(importSeconds) s after the freeze")
        #expect(imported.stderr.contains("did not answer within 5 s"), "\(imported.stderr)")
        #expect(imported.stderr.split(separator: "\n").count == 1, "\(imported.stderr)")
        // SIGTERM with the server still frozen and a post waiting on it: serve ends within its grace.
        let term = ContinuousClock.now
        serve.signal(SIGTERM)
        let served = try await blocking { serve.finish(timeout: 60) }
        let stopSeconds = (served.ended - term) / .seconds(1)
        #expect(!served.timedOut && stopSeconds < 31, "serve took \(stopSeconds) s to end after SIGTERM")
        let posted = try? await post.value
        #expect(posted == nil || posted == 503, "the post waiting on the frozen server: \(String(describing: posted))")
        cluster.thaw(frozen)
        // Nothing of the import is stored; the ledger verifies.
        #expect(try cluster.sql("SELECT count(*) FROM events WHERE complaint_id LIKE 'F-%'", db: db) == "0")
        let after = try await blocking { try Command.run(["--db", cluster.url(db), "verify"], timeout: 60) }
        #expect(after.status == 0, "\(after.stderr)")
        print(
            "frozen server: readyz 503 after \(readySeconds) s, import ended after \(importSeconds) s, "
                + "SIGTERM to exit \(stopSeconds) s (exit \(served.status))")
    }

    /// Words of the code, not of the reader, that no message may show.
    static let internalWords = [
        "PSQLError", "serverClosedConnection", "connectionError", "uncleanShutdown", "Generic description", "IOError",
        "NIO", "database error:",
    ]

    static func received(_ complaint: String, _ trial: Int, _ n: Int) -> String {
        let id = String(format: "0190f8a0-%04x-7000-8000-%012d", trial, n)
        return #"{"event_id":"\#(id)","complaint_id":"\#(complaint)","type":"received","#
            + #""occurred_at":"2026-03-02T09:00:00+09:00","#
            + #""data":{"customer":"c-\#(n)","channel":"web","category":"product","summary":"재시작 시험"}}"#
    }
}

/// A PostgreSQL cluster of the test's own (`tools/pgcluster`), which it may stop, kill and start.
final class ThrowawayCluster: Sendable {
    let directory: String
    let pgbin: String

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    init() throws {
        directory = "/tmp/redress-restart-" + UUID().uuidString.prefix(8).lowercased()
        let started = try Self.shell(
            Self.repository.appendingPathComponent("tools/pgcluster").path, ["start", directory], timeout: 120)
        try #require(started.status == 0, "tools/pgcluster start: \(started.stderr)")
        let bins = try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        pgbin = "/usr/lib/postgresql/\(try #require(bins.last))/bin"
    }

    func remove() {
        _ = try? Self.shell(
            Self.repository.appendingPathComponent("tools/pgcluster").path, ["stop", directory], timeout: 60)
    }

    func url(_ db: String) -> String { "postgres://redress@/\(db)?host=\(directory)" }

    /// A new database; its name.
    func database(_ name: String) throws -> String {
        _ = try sql("CREATE DATABASE \(name)", db: "postgres")
        return name
    }

    /// One statement through psql as the superuser; its output, trimmed.
    func sql(_ statement: String, db: String) throws -> String {
        let out = try Self.shell(
            "/usr/bin/env", ["psql", "-X", "-q", "-At", "-h", directory, "-U", "redress", "-d", db, "-c", statement],
            timeout: 60)
        try #require(out.status == 0, "\(statement): \(out.stderr)")
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `pg_ctl restart` (fast: clients are disconnected, the server stops and starts again), or a kill
    /// (`stop -m immediate`: no shutdown at all, crash recovery on the next start) and a start after
    /// `down`, `whileDown` running in between. Off the cooperative pool: pg_ctl's waits block.
    func disrupt(kill: Bool, down: Duration, whileDown: () async -> Void = {}) async throws {
        guard kill else {
            let out = try await blocking { try self.pgctl(["-m", "fast", "-w", "-t", "60", "restart"]) }
            try #require(out.status == 0, "pg_ctl restart: \(out.stderr)")
            return
        }
        try await blocking { try self.stop(kill: true) }
        await whileDown()
        try await Task.sleep(for: down)
        try await blocking { try self.start() }
    }

    /// Stops every process of the server (SIGSTOP): connections stay open and nothing answers.
    func freeze() throws -> [pid_t] {
        let pidFile = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        let postmaster = try #require(pidFile.split(separator: "\n").first.flatMap { pid_t($0) })
        let children =
            (try? String(contentsOfFile: "/proc/\(postmaster)/task/\(postmaster)/children", encoding: .utf8)) ?? ""
        let all = [postmaster] + children.split(separator: " ").compactMap { pid_t($0) }
        for pid in all { kill(pid, SIGSTOP) }
        return all
    }

    /// Lets the processes ``freeze()`` stopped run again.
    func thaw(_ pids: [pid_t]) {
        for pid in pids { kill(pid, SIGCONT) }
    }

    func stop(kill: Bool) throws {
        let out = try pgctl(["-m", kill ? "immediate" : "fast", "-w", "stop"])
        try #require(out.status == 0, "pg_ctl stop: \(out.stderr)")
    }

    func start() throws {
        let options = "-c listen_addresses='' -c unix_socket_directories='\(directory)' -c max_connections=200"
        let out = try pgctl(["-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
        try #require(out.status == 0, "pg_ctl start: \(out.stderr)")
    }

    func pgctl(_ arguments: [String]) throws -> Command.Output {
        try Self.shell(
            "/usr/sbin/runuser", ["-u", "postgres", "--", pgbin + "/pg_ctl", "-D", directory + "/data"] + arguments,
            timeout: 90)
    }

    static func shell(_ executable: String, _ arguments: [String], timeout: Double) throws -> Command.Output {
        try Command.start(arguments, executable: executable).finish(timeout: timeout)
    }
}

/// `body` on a thread of its own, so that its blocking waits never hold a thread of the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The real `redress` binary (or another program) run with its output in files, never waited for
/// past a deadline: one that has not ended by then is killed and reported as hung. Spawned and reaped
/// here (`posix_spawn`, `waitpid`), not through Foundation's `Process`, whose wait did not always see a
/// child's end when its children (`pg_ctl`'s server) outlived it.
final class Command: @unchecked Sendable {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool
        /// When the process ended (on its reaper's clock, not when the test looked).
        var ended = ContinuousClock.now
    }

    let pid: pid_t
    let started = ContinuousClock.now
    /// Set by the reaper thread when the process ends: its wait status and when, on the wall clock of
    /// the process, not of the test (a test task may resume long after, in a loaded parallel run).
    private let ended = DispatchSemaphore(value: 0)
    private nonisolated(unsafe) var waitStatus: Int32 = 0
    private nonisolated(unsafe) var endedAt = ContinuousClock.now
    let out: String
    let err: String
    private(set) var firstLine = ""

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["REDRESS_BIN"] { return path }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products.appendingPathComponent("redress").path
        if !FileManager.default.fileExists(atPath: candidate) {
            candidate = products.deletingLastPathComponent().appendingPathComponent("redress").path
        }
        return candidate
    }

    /// Starts it; with `firstLine`, waits for the first line of its standard output (`serve`'s address).
    static func start(_ arguments: [String], executable: String? = nil, firstLine: Bool = false) throws -> Command {
        try Command(arguments, executable: executable ?? binary, firstLine: firstLine)
    }

    static func run(_ arguments: [String], timeout: Double) throws -> Output {
        try start(arguments).finish(timeout: timeout)
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        var description: String
    }

    private init(_ arguments: [String], executable: String, firstLine: Bool) throws {
        let base = NSTemporaryDirectory() + "redress-command-" + UUID().uuidString
        out = base + ".out"
        err = base + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let environment = ProcessInfo.processInfo.environment.merging(PostgresRestartTests.environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw SpawnFailed(description: "cannot run \(executable): errno \(status)") }
        self.pid = pid
        // A thread of its own reaps the process the moment it ends (never the cooperative pool).
        Thread { [self] in
            var status: Int32 = 0
            while waitpid(self.pid, &status, 0) < 0 && errno == EINTR {}
            endedAt = ContinuousClock.now
            waitStatus = status
            ended.signal()
        }.start()
        if firstLine {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n", omittingEmptySubsequences: false).first, text.contains("\n") {
                    self.firstLine = String(line)
                    break
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the end, at most `timeout` seconds (then kills it: `timedOut`).
    func finish(timeout: Double) -> Output {
        var timedOut = false
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(pid, SIGKILL)
            ended.wait()
        }
        ended.signal()  // ended for good: a later finish returns at once
        let status = waitStatus
        // Exited: its status; killed by a signal: 128 + the signal, as a shell says.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let seconds = (endedAt - started) / .seconds(1)
        return Output(
            status: code, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", seconds: seconds, timedOut: timedOut,
            ended: endedAt)
    }
}

/// Posts of new complaints on `clients` connections until stopped, recording every answer: its status,
/// how long it took, whether a 503 said when to retry, and the events acknowledged.
final class Load: Sendable {
    struct Result {
        var acknowledged: [String] = []
        var statuses: [Int: Int] = [:]
        var unavailable = 0
        var unavailableWithoutRetryAfter = 0
        var slowest = 0.0
        var connectionFailures = 0

        mutating func merge(_ other: Result) {
            acknowledged += other.acknowledged
            for (status, count) in other.statuses { statuses[status, default: 0] += count }
            unavailable += other.unavailable
            unavailableWithoutRetryAfter += other.unavailableWithoutRetryAfter
            slowest = max(slowest, other.slowest)
            connectionFailures += other.connectionFailures
        }
    }

    let port: Int
    let token: String
    private let stopped = Atomic<Bool>(false)

    init(port: Int, token: String) {
        self.port = port
        self.token = token
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    func run(clients: Int) async -> Result {
        await withTaskGroup(of: Result.self) { group in
            for client in 0..<clients { group.addTask { await self.client(client) } }
            var total = Result()
            for await result in group { total.merge(result) }
            return total
        }
    }

    private func client(_ number: Int) async -> Result {
        var result = Result()
        var generator = SystemRandomNumberGenerator()
        var n = 0
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        while !stopped.load(ordering: .relaxed) {
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
            client.connect()
            while !stopped.load(ordering: .relaxed) {
                n += 1
                let id = String(format: "0190f8a1-%04x-7000-8000-%012d", number, n)
                let body =
                    #"{"event_id":"\#(id)","complaint_id":"L\#(number)-\#(n)","type":"received","#
                    + #""occurred_at":"2026-03-02T09:00:00+09:00","data":{"customer":"load","channel":"web","#
                    + #""category":"service","summary":"재시작 중 접수"}}"#
                let sent = ContinuousClock.now
                do {
                    let response = try await client.post("/v1/events", headers: headers, body: ByteBuffer(string: body))
                    result.slowest = max(result.slowest, (ContinuousClock.now - sent) / .seconds(1))
                    let code = response.status.code
                    result.statuses[code, default: 0] += 1
                    if code == 200 || code == 201 { result.acknowledged.append(id) }
                    if code == 503 {
                        result.unavailable += 1
                        if response.headers[.retryAfter] == nil { result.unavailableWithoutRetryAfter += 1 }
                        try? await Task.sleep(for: .milliseconds(Int.random(in: 50...150, using: &generator)))
                    }
                } catch {
                    // The service stopped listening (SIGTERM): a new connection, unless the load is over.
                    result.slowest = max(result.slowest, (ContinuousClock.now - sent) / .seconds(1))
                    result.connectionFailures += 1
                    try? await Task.sleep(for: .milliseconds(100))
                    break
                }
            }
            try? await client.shutdown()
        }
        return result
    }

    /// One GET on a fresh connection: its status, whether it has Retry-After, whether it is a problem document.
    static func get(port: Int, _ path: String) async throws -> (status: Int, retryAfter: Bool, problem: Bool) {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(15)))
        client.connect()
        defer { Task { try? await client.shutdown() } }
        let response = try await client.get(path)
        return (
            response.status.code, response.headers[.retryAfter] != nil,
            response.headers[.contentType] == "application/problem+json"
        )
    }
}
#endif
