import Foundation
import Testing

/// Runs the real `redress` binary built beside the test bundle.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory all of a test's files live in.
    let directory: String
    let db: String

    init() {
        directory = NSTemporaryDirectory() + "redress-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        db = directory + "/ledger.sqlite"
    }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["REDRESS_BIN"] { return path }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products.appendingPathComponent("redress").path
        if !FileManager.default.fileExists(atPath: candidate) {
            // Inside an .xctest bundle directory on some layouts.
            candidate = products.deletingLastPathComponent().appendingPathComponent("redress").path
        }
        return candidate
    }

    /// `redress ARGS` in the test directory, with `--db` taken from REDRESS_DB unless given.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        try Self.execute(
            Self.binary, arguments, directory: directory, stdin: stdin,
            environment: ["REDRESS_DB": db].merging(environment) { $1 })
    }

    /// `redress ARGS` as a step of a test's set-up: it must succeed, or the test stops there.
    @discardableResult
    func setup(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Output
    {
        let out = try run(arguments, stdin: stdin)
        try #require(
            out.status == 0, "set-up step `redress \(arguments.joined(separator: " "))` failed: \(out.stderr)",
            sourceLocation: sourceLocation)
        return out
    }

    static func execute(
        _ executable: String, _ arguments: [String], directory: String, stdin: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up and blocks the child.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errReader.isExecuting || !errReader.isFinished { usleep(1000) }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) -> String {
        let path = directory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write \(path)")
        return path
    }

    /// The file's text; a missing or unreadable file fails the test (and reads as "").
    func read(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do { return try String(contentsOfFile: directory + "/" + name, encoding: .utf8) } catch {
            Issue.record("cannot read \(name): \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    /// The file's text, or `nil` while it does not exist yet (for polling).
    func peek(_ name: String) -> String? { try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) }

    /// Runs SQL through the real sqlite3 shell, as an insider would.
    func sqlite(_ sql: String, db path: String? = nil) throws -> Output {
        try Self.execute("/usr/bin/sqlite3", [path ?? db, sql], directory: directory)
    }
}
