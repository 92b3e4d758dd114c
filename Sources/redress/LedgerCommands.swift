import ArgumentParser
import Foundation
import Redress

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append NDJSON events (or restore an export); all-or-nothing unless --skip-invalid.")

    @OptionGroup var options: LedgerOptions
    @Argument(help: "NDJSON file, or - for standard input.") var file: String
    @Option(name: .customLong("skip-invalid"), help: ArgumentHelp("Let valid lines land; write each rejected line with its reason to this file.", valueName: "REJECTS"))
    var rejects: String?

    func run() async throws {
        try await options.withLedger { ledger in
            let mode: ImportMode = try rejects.map { .skipInvalid(rejects: try OutputSink(path: $0)) } ?? .allOrNothing
            let showProgress = isatty(2) != 0
            let started = Date()
            var progress: (@Sendable (ImportReport) -> Void)?
            if showProgress {
                progress = { (r: ImportReport) in
                    let rate = Double(r.lines) / max(Date().timeIntervalSince(started), 0.001)
                    FileHandle.standardError.write(Data("\rimporting: \(r.lines) lines, \(Int(rate)) lines/s".utf8))
                }
            }
            let report = try await ledger.importNDJSON(path: file, mode: mode, progress: progress)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let seconds = Date().timeIntervalSince(started)
            print("imported \(report.lines) lines: \(report.appended) appended, \(report.alreadyStored) already stored, \(report.rejected) rejected; head at position \(report.headPosition) (\(String(format: "%.2f", seconds)) s)")
            if report.rejected > 0, let rejects { printError("redress: \(report.rejected) line(s) rejected, see \(rejects)") }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the ledger as NDJSON in position order.")

    @OptionGroup var options: LedgerOptions
    @Option(help: "Only this complaint's events.") var complaint: String?
    @Option(name: .customLong("after-position"), help: "Only events after this position.") var afterPosition: Int64 = 0
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        try await options.withLedger { ledger in
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            try await ledger.export(to: sink, complaintID: complaint, afterPosition: afterPosition)
        }
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "An auditor's timeline of one complaint: events, state after each, durations so far, hash check.")

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The complaint id.") var complaint: String
    @Option(name: .customLong("as-of-position"), help: "Only events at or before this position.") var asOfPosition: Int64?
    @Option(help: "text (for a person) or json (for scripts).") var format: Format = .text

    func run() async throws {
        try await options.withLedger { ledger in
            let replay = try await ledger.replay(complaint, asOfPosition: asOfPosition)
            print(format == .json ? replay.json() : replay.text(), terminator: format == .json ? "\n" : "")
            if !replay.chainVerifies {
                throw LedgerError.verification("complaint \(complaint): the hash chain does not verify (see the BAD rows)")
            }
        }
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every hash chain and the append-only guarantees; names the first bad event.")

    @OptionGroup var options: LedgerOptions
    @Option(help: ArgumentHelp("Also check a previously printed anchor still holds.", valueName: "POSITION:DIGEST")) var anchor: String?

    func run() async throws {
        try await options.withLedger { ledger in
            let report = try await ledger.verify(anchor: anchor)
            if let failure = report.failure { throw LedgerError.verification("verify failed: \(failure)") }
            print("ok: \(report.events) events in \(report.complaints) complaints verify; anchor \(report.anchor)")
        }
    }
}

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic sample complaints as NDJSON (deterministic per seed).")

    @Option(help: "How many complaints.") var complaints: Int = 1000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Months of complaints.") var months: Int = 6
    @Option(help: "First month, YYYY-MM.") var start: String = "2026-01"
    @Option(help: "Number of staff members.") var staff: Int = 36
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        do {
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            let count = try SampleData(complaints: complaints, seed: seed, months: months, start: start, staffCount: staff).write(to: sink)
            if output != nil { print("generated \(count) events for \(complaints) complaints") }
        } catch {
            throw Failure.report(error)
        }
    }
}
