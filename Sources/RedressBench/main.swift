// redress-bench: in-process measurements for tools/bench that the CLI cannot make.
//
//   redress-bench append SOURCE.ndjson DB N
//       records the first N events of SOURCE through Ledger.record, one durable
//       transaction each (the record commands' path), and prints "<events> <seconds>".
import Foundation
import Redress

func appendBenchmark(source: String, db: String, count: Int) async throws {
    var commands: [RecordCommand] = []
    let reader = try LineReader(path: source)
    while commands.count < count {
        var line: InterchangeLine?
        guard try reader.next({ line = try? InterchangeLine.decode($0) }) else { break }
        if let line { commands.append(RecordCommand(event: line.event)) }
    }
    try? FileManager.default.removeItem(atPath: db)
    let ledger = Ledger(store: try SQLiteEventStore(path: db))
    let start = DispatchTime.now().uptimeNanoseconds
    for command in commands { try await ledger.record(command) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    try ledger.close()
    print("\(commands.count) \(String(format: "%.6f", seconds))")
}

/// Runs off the main actor: the ledger's work happens on GRDB's queue either way.
@Sendable nonisolated func run(_ arguments: [String]) async -> Int32 {
    guard arguments.count == 5, arguments[1] == "append", let count = Int(arguments[4]) else {
        FileHandle.standardError.write(Data("usage: redress-bench append SOURCE.ndjson DB N\n".utf8))
        return 2
    }
    do {
        try await appendBenchmark(source: arguments[2], db: arguments[3], count: count)
        return 0
    } catch {
        FileHandle.standardError.write(Data("redress-bench: \(error)\n".utf8))
        return 1
    }
}

let arguments = CommandLine.arguments
let status = await Task.detached { await run(arguments) }.value
exit(status)
