import Foundation
public import Logging
import Synchronization

/// Log lines for a file descriptor (standard error), written by a thread of their own so that no request
/// ever waits on it: a `serve` whose standard error nobody reads (a full pipe) keeps answering.
///
/// Lines wait in a bounded in-memory queue (``capacityBytes``); when it is full, new lines are dropped
/// and counted, and once the writer catches up it writes `redress: N log line(s) dropped …` in their
/// place. ``flush(within:)`` waits, for at most a bound, for what is queued to be written (at shutdown).
public final class BackgroundLogWriter: Sendable {
    /// The queue and its counts, shared by the request threads and the writer's thread.
    private struct State {
        var lines: [String] = []
        var bytes = 0
        var dropped = 0
        var droppedTotal = 0
        var writing = false
    }

    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)
    private let descriptor: Int32
    /// The most bytes of lines waiting to be written; beyond it lines are dropped (and counted).
    public let capacityBytes: Int

    /// - Parameters:
    ///   - descriptor: where the lines go (2: standard error).
    ///   - capacityBytes: the queue's bound (default 1 MiB).
    public init(descriptor: Int32 = 2, capacityBytes: Int = 1 << 20) {
        self.descriptor = descriptor
        self.capacityBytes = capacityBytes
        let thread = Thread { [self] in self.run() }
        thread.name = "redress log writer"
        thread.start()
    }

    /// Queues `line` (which ends in a newline); never blocks on the descriptor.
    public func enqueue(_ line: String) {
        let size = line.utf8.count
        let queued = state.withLock { state -> Bool in
            guard state.bytes + size <= capacityBytes else {
                state.dropped += 1
                state.droppedTotal += 1
                return false
            }
            state.lines.append(line)
            state.bytes += size
            return true
        }
        if queued { ready.signal() }
    }

    /// How many lines were dropped since the start because the queue was full.
    public var droppedLines: Int { state.withLock { $0.droppedTotal } }

    /// Waits until every queued line is written, or `limit` has passed (a reader that never reads).
    public func flush(within limit: Duration = .seconds(2)) {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.lines.isEmpty && !$0.writing && $0.dropped == 0 }) { return }
            ready.signal()
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    /// A log handler in swift-log's usual line format whose lines go through this queue.
    public func handler(label: String, level: Logger.Level) -> StreamLogHandler {
        var handler = StreamLogHandler(label: label, stream: Stream(writer: self))
        handler.logLevel = level
        return handler
    }

    /// The `TextOutputStream` a ``handler(label:level:)`` writes to: every write is one ``enqueue(_:)``.
    struct Stream: TextOutputStream, Sendable {
        let writer: BackgroundLogWriter
        mutating func write(_ string: String) { writer.enqueue(string) }
    }

    /// The writer thread: waits for lines, writes everything queued in one write, and says how many lines
    /// were dropped since the last write; never returns.
    private func run() {
        while true {
            ready.wait()
            while true {
                let (lines, dropped) = state.withLock { state -> ([String], Int) in
                    let taken = (state.lines, state.dropped)
                    state.lines = []
                    state.bytes = 0
                    state.dropped = 0
                    state.writing = !taken.0.isEmpty || taken.1 > 0
                    return taken
                }
                if lines.isEmpty && dropped == 0 { break }
                var text = lines.joined()
                if dropped > 0 {
                    text +=
                        "redress: \(dropped) log line(s) dropped: standard error was not read fast enough "
                        + "(the service went on answering)\n"
                }
                write(Array(text.utf8))
                state.withLock { $0.writing = false }
            }
        }
    }

    /// Writes all of `bytes`, waiting as long as the descriptor does (this thread only); gives up on an error.
    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
