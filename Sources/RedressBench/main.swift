// redress-bench: in-process measurements for tools/bench that the CLI cannot make.
//
//   redress-bench append SOURCE.ndjson DB N
//       records the first N events of SOURCE through Ledger.record, one durable
//       transaction each (the record commands' path), and prints "<events> <seconds>".
//   redress-bench clients LOCATION CLIENTS EACH
//       CLIENTS concurrent writers, each on its own connection to the ledger at LOCATION (a file or
//       a postgres:// URL), each recording EACH new complaints, one durable transaction each; prints
//       "<appends> <seconds> <p50 ms> <p99 ms>".
//   redress-bench decode SOURCE.ndjson [parse|decode|parts|chain]
//       the import's decoder-thread work on SOURCE's lines held in memory, one stage at a time on one
//       thread; prints "<stage> <lines> <seconds>" per stage (best of 3).
//   redress-bench http HOST:PORT TOKEN CLIENTS SECONDS
//       CLIENTS connections to a running `redress serve`, each posting one new complaint's event after
//       another for SECONDS; prints "<acknowledged> <seconds> <p50 ms> <p99 ms> <other answers> <failures>".
import Foundation
import Redress
import RedressLoad

func appendBenchmark(source: String, db: String, count: Int) async throws {
    var commands: [RecordCommand] = []
    let reader = try LineReader(path: source)
    while commands.count < count {
        var line: InterchangeLine?
        guard try reader.next({ line = try? InterchangeLine.decode($0) }) else { break }
        if let line { commands.append(RecordCommand(event: line.event)) }
    }
    try? FileManager.default.removeItem(atPath: db)
    let ledger = try Ledger.open(.sqlite(path: db))
    let start = DispatchTime.now().uptimeNanoseconds
    for command in commands { try await ledger.record(command) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    try ledger.close()
    print("\(commands.count) \(String(format: "%.6f", seconds))")
}

func clientsBenchmark(location: String, clients: Int, each: Int) async throws {
    let run = UUID().uuidString.prefix(8)
    let start = DispatchTime.now().uptimeNanoseconds
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for c in 0..<clients {
            group.addTask {
                let ledger = try Ledger.open(location)
                defer { try? ledger.close() }
                var mine: [Double] = []
                for i in 0..<each {
                    let event = ComplaintEvent(
                        eventID: .version7(), complaintID: "B-\(run)-\(c)-\(i)",
                        occurredAt: Timestamp(epochMilliseconds: 1_767_200_000_000), actor: nil,
                        data: .received(.init(customer: "c", channel: .phone, category: .service)))
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    try await ledger.record(RecordCommand(event: event))
                    mine.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
                return mine
            }
        }
        var all: [Double] = []
        for try await mine in group { all += mine }
        return all.sorted()
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func rank(_ q: Double) -> Double {
        latencies[min(latencies.count - 1, Int((q * Double(latencies.count)).rounded(.up)) - 1)]
    }
    print(
        [
            String(latencies.count), String(format: "%.6f", seconds), String(format: "%.2f", rank(0.5)),
            String(format: "%.2f", rank(0.99)),
        ].joined(separator: " ")
    )
}

func httpBenchmark(address: String, token: String, clients: Int, seconds: Int) async throws {
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
        throw LedgerError.input("HOST:PORT expected, got \(address)")
    }
    let result = await PostLoad.run(
        host: String(address[..<colon]), port: port, token: token, clients: clients, duration: .seconds(seconds),
        prefix: "H-\(UUID().uuidString.prefix(8))")
    let others = result.statuses.filter { $0.key != 200 && $0.key != 201 }.values.reduce(0, +)
    print(
        [
            String(result.acknowledged.count), String(format: "%.6f", result.seconds),
            String(format: "%.2f", result.latencyMs(0.5)), String(format: "%.2f", result.latencyMs(0.99)),
            String(others), String(result.failures),
        ].joined(separator: " "))
}

/// `decode SOURCE [STAGE]`: the import's per-line work on its decoder thread, stage by stage, on one
/// thread and with the lines already in memory (so no disk, no writer): the best of 3 passes each.
func decodeBenchmark(source: String, only stage: String?) throws {
    var lines: [[UInt8]] = []
    let reader = try LineReader(path: source)
    while try reader.next({ lines.append(Array($0)) }) {}
    func time(_ name: String, _ body: () -> Int) {
        guard stage == nil || stage == name else { return }
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            guard body() == lines.count else { fatalError("\(name): not every line went through") }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(name, lines.count, String(format: "%.3f", best))
    }
    time("parse") {
        lines.reduce(0) { n, l in n + (l.withUnsafeBufferPointer { try? JSONParser.parse($0) } != nil ? 1 : 0) }
    }
    time("decode") {
        lines.reduce(0) { n, l in n + (l.withUnsafeBufferPointer { try? InterchangeLine.decode($0) } != nil ? 1 : 0) }
    }
    let decoded = lines.map { l in l.withUnsafeBufferPointer { try! InterchangeLine.decode($0) } }
    time("parts") { decoded.reduce(0) { n, d in n + (CanonicalParts(d.event).dataJSON.isEmpty ? 0 : 1) } }
    let parts = decoded.map { CanonicalParts($0.event) }
    time("chain") {
        var chain = ChainAhead(head: 0, now: Timestamp(epochMilliseconds: 1_767_200_000_000))
        for (line, var part) in zip(decoded, parts) {
            part.guessChain(with: &chain, complaintID: line.event.complaintID, restore: line.restore)
        }
        return parts.count
    }
}

/// Runs off the main actor: the ledger's work happens on GRDB's queue either way.
@Sendable nonisolated func run(_ arguments: [String]) async -> Int32 {
    do {
        if (3...4).contains(arguments.count), arguments[1] == "decode" {
            try decodeBenchmark(source: arguments[2], only: arguments.count == 4 ? arguments[3] : nil)
            return 0
        }
        if arguments.count == 5, arguments[1] == "append", let count = Int(arguments[4]) {
            try await appendBenchmark(source: arguments[2], db: arguments[3], count: count)
            return 0
        }
        if arguments.count == 5, arguments[1] == "clients", let clients = Int(arguments[3]),
            let each = Int(arguments[4])
        {
            try await clientsBenchmark(location: arguments[2], clients: clients, each: each)
            return 0
        }
        if arguments.count == 6, arguments[1] == "http", let clients = Int(arguments[4]),
            let seconds = Int(arguments[5])
        {
            try await httpBenchmark(address: arguments[2], token: arguments[3], clients: clients, seconds: seconds)
            return 0
        }
        FileHandle.standardError.write(
            Data(
                ("usage: redress-bench append SOURCE.ndjson DB N | decode SOURCE.ndjson [STAGE]"
                    + " | clients LOCATION CLIENTS EACH | http HOST:PORT TOKEN CLIENTS SECONDS\n").utf8))
        return 2
    } catch {
        FileHandle.standardError.write(Data("redress-bench: \(error)\n".utf8))
        return 1
    }
}

let arguments = CommandLine.arguments
let status = await Task.detached { await run(arguments) }.value
exit(status)
