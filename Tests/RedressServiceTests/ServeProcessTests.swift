import Foundation
import Redress
import RedressLoad
import Testing

/// The real `redress serve` binary under load: every acknowledged event is in the export exactly
/// once, verify passes, and SIGTERM in the middle of the load loses no acknowledged event.
@Suite(.serialized) struct ServeProcessTests {
    @Test func aBoundedLoadOf64ConnectionsLosesAndDuplicatesNothing() async throws {
        let serve = try ServeProcess.start()
        // 64 connections × 20 posts, as fast as the service answers (a count, not a time: the test
        // must not depend on how busy the machine is).
        let result = await PostLoad.run(
            host: "127.0.0.1", port: serve.port, token: serve.token, clients: 64, duration: .seconds(300), prefix: "L",
            eventsPerClient: 20)
        try serve.stop()
        #expect(serve.exitStatus == 0)
        #expect(result.failures == 0 && result.statuses == [201: 1280], "\(result.statuses), \(result.failures)")
        try serve.expectExportHoldsExactlyOnce(result.acknowledged)
        let log = try String(contentsOfFile: serve.directory + "/serve.log", encoding: .utf8)
        #expect(log.contains("status=201") && !log.contains(serve.token.suffix(43)) && !log.contains("부하 시험"))
    }

    @Test func sigtermInTheMiddleOfALoadLosesNoAcknowledgedEvent() async throws {
        let serve = try ServeProcess.start()
        async let load = PostLoad.run(
            host: "127.0.0.1", port: serve.port, token: serve.token, clients: 32, duration: .seconds(120), prefix: "S")
        // SIGTERM once the load is well under way (the ledger's head, read by another process).
        while try serve.head() < 200 { try await Task.sleep(for: .milliseconds(50)) }
        kill(serve.process.processIdentifier, SIGTERM)
        let result = await load
        serve.process.waitUntilExit()
        #expect(serve.process.terminationStatus == 0, "serve exited \(serve.process.terminationStatus)")
        // The load was cut short by the shutdown: posts after it got no answer, none was answered wrongly.
        #expect(result.acknowledged.count >= 200 && result.failures > 0, "\(result.statuses), \(result.failures)")
        #expect(result.seconds < 100, "the load ran to its end: the shutdown did not stop it")
        try serve.expectExportHoldsExactlyOnce(result.acknowledged)
    }
}

/// `redress serve --listen 127.0.0.1:0` on a fresh ledger, with an intake token made by the CLI.
final class ServeProcess: @unchecked Sendable {
    let directory: String
    let process = Process()
    let token: String
    private(set) var port = 0

    static func start() throws -> ServeProcess { try ServeProcess() }

    private init() throws {
        directory = NSTemporaryDirectory() + "redress-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let tokenRun = try Self.redress(["tokens", "create", "--role", "intake"], directory)
        guard tokenRun.status == 0 else { throw LedgerError.input("tokens create failed: \(tokenRun.stderr)") }
        token = tokenRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(["REDRESS_DB": directory + "/ledger.sqlite"])
        {
            $1
        }
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: directory + "/serve.log", contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/serve.log"))
        try process.run()
        // The first line says where it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"),
            let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw LedgerError.input("serve did not say where it listens: \(text)") }
        self.port = port
    }

    var exitStatus: Int32 { process.terminationStatus }

    /// The ledger's head position, as `redress export` reads it (a reader never waits for the service).
    func head() throws -> Int {
        try Self.redress(["export"], directory).stdout.split(separator: "\n").count
    }

    /// SIGTERM, then waits for the process to end.
    func stop() throws {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// Every acknowledged event id is in the export exactly once, and verify passes.
    func expectExportHoldsExactlyOnce(_ acknowledged: [String], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let export = try Self.redress(["export"], directory)
        #expect(export.status == 0, sourceLocation: sourceLocation)
        var counts: [String: Int] = [:]
        for line in export.stdout.split(separator: "\n") {
            guard let start = line.range(of: #""event_id":""#) else { continue }
            counts[String(line[start.upperBound...].prefix(36)), default: 0] += 1
        }
        #expect(counts.values.allSatisfy { $0 == 1 }, "an event is in the export twice", sourceLocation: sourceLocation)
        let missing = acknowledged.filter { counts[$0] == nil }
        #expect(
            missing.isEmpty, "\(missing.count) acknowledged events are not in the ledger",
            sourceLocation: sourceLocation)
        let verify = try Self.redress(["verify"], directory)
        #expect(verify.status == 0, "verify: \(verify.stderr)", sourceLocation: sourceLocation)
    }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["REDRESS_BIN"] { return path }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products.appendingPathComponent("redress").path
        if !FileManager.default.fileExists(atPath: candidate) {
            candidate = products.deletingLastPathComponent().appendingPathComponent("redress").path
        }
        return candidate
    }

    static func redress(_ arguments: [String], _ directory: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(["REDRESS_DB": directory + "/ledger.sqlite"])
        {
            $1
        }
        let out = directory + "/cli-\(UUID().uuidString).out"
        let err = out + ".err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOfFile: out, encoding: .utf8),
            try String(contentsOfFile: err, encoding: .utf8)
        )
    }
}
