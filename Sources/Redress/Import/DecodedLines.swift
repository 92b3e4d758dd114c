import Foundation
import RedressDomain
import RedressStore

/// An import's input lines, read and decoded on a thread of their own ahead of the transaction
/// that checks and appends them, handed over a chunk at a time.
final class DecodedLines: @unchecked Sendable {
    /// One input line as the decoder left it.
    struct Line {
        /// 1-based line number in the input.
        var number: Int
        /// The decoded line; nil when it did not decode (``failure`` says why). Two optionals, not a
        /// `Result`: the writer reads the line where it lies, and a `switch` would copy it.
        var decoded: InterchangeLine?
        var failure: Failure?
        /// The event's canonical parts, prepared here for the hash chain.
        var prepared: CanonicalParts?
        /// Where the line's bytes lie in its chunk's ``Chunk/text``: what the rejects file quotes,
        /// whatever the line was rejected for (``input(of:)``). 32 bits: a chunk's 512 lines of at most
        /// 1 MiB each are 512 MiB at most.
        var textStart: Int32 = 0
        var textCount: Int32 = 0
    }

    /// Why a line did not decode, as its error sentence says it.
    struct Failure: Error {
        var reason: String
    }

    private struct Chunk {
        var lines: [Line]
        /// The chunk's lines as read, one after another: one copy into one buffer per chunk, so a
        /// line rejected after it decoded (a rule, a conflict, a duplicate, a restore's hash) is still
        /// quoted as it was, at the cost of a `memcpy` per line, not an allocation.
        var text: [UInt8]
        var bytesConsumed: Int64
    }

    static let linesPerChunk = 512
    private let ahead = ReadAhead<Chunk>(depth: 4)
    private var current: [Line] = []
    /// The text of ``current``'s lines.
    private var currentText: [UInt8] = []
    private var index = 0
    /// Chunks the transaction is done with, freed on the decoder's thread (which has time to spare)
    /// rather than the writer's.
    private let spentLock = NSLock()
    private var spent: [([Line], [UInt8])] = []
    /// Input bytes read up to the end of the chunk being taken.
    private(set) var bytesConsumed: Int64 = 0

    /// Where the chain computed ahead starts (``begin(_:)``), and whether it was given (or the
    /// import ended first).
    private let chainStart = NSCondition()
    private var chainStartGiven = false
    private var chainStartState: ChainAhead?

    /// - Parameter chainAhead: whether to compute each event's chain hash here too (``ChainAhead``),
    ///   from where the writer's ``begin(_:)`` says the chain starts: for an import whose lines go
    ///   into one transaction. Lines decoded before it are held until then.
    init(_ reader: LineReader, chainAhead: Bool = false) {
        ahead.start { put in
            var chunk: [Line] = []
            chunk.reserveCapacity(Self.linesPerChunk)
            var text: [UInt8] = []
            var chain: ChainAhead?
            var chainStarted = !chainAhead
            func send() -> Bool {
                if !chainStarted {
                    chain = self.waitForChainStart()
                    chainStarted = true
                }
                if chain != nil { Self.guessChain(&chunk, &chain!) }
                // The text goes whole (the chunk's lines point into it); the next one starts at the
                // size this one reached.
                let capacity = text.count
                defer {
                    text = []
                    text.reserveCapacity(capacity)
                }
                return put(Chunk(lines: chunk, text: text, bytesConsumed: reader.bytesConsumed))
            }
            do {
                while try reader.next({ bytes in
                    var line = Self.decode(bytes, number: reader.lineNumber)
                    line.textStart = Int32(text.count)
                    line.textCount = Int32(bytes.count)
                    text.append(contentsOf: bytes)
                    chunk.append(line)
                }) {
                    if chunk.count == Self.linesPerChunk {
                        guard send() else { return }
                        chunk.removeAll(keepingCapacity: true)
                        self.freeSpent()
                    }
                }
            } catch {
                // The lines before the one that could not be read are still lines.
                if !chunk.isEmpty { _ = send() }
                throw error
            }
            if !chunk.isEmpty { _ = send() }
        }
    }

    /// Tells the decoder where the chain starts (the writer's transaction has begun); only the
    /// first call counts.
    func begin(_ chain: ChainAhead) {
        chainStart.withLock {
            guard !chainStartGiven else { return }
            chainStartState = chain
            chainStartGiven = true
            chainStart.broadcast()
        }
    }

    private func waitForChainStart() -> ChainAhead? {
        chainStart.withLock {
            while !chainStartGiven { chainStart.wait() }
            return chainStartState
        }
    }

    /// Computes the chain ahead for a chunk's decoded lines, in order.
    private static func guessChain(_ chunk: inout [Line], _ chain: inout ChainAhead) {
        for i in chunk.indices {
            guard let line = chunk[i].decoded else { continue }
            chunk[i].prepared?.guessChain(with: &chain, complaintID: line.event.complaintID, restore: line.restore)
        }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Line {
        do {
            let line = try InterchangeLine.decode(bytes)
            return Line(number: number, decoded: line, prepared: CanonicalParts(line.event))
        } catch {
            return Line(
                number: number, decoded: nil, failure: Failure(reason: error.sentence + formatHint(bytes, number)),
                prepared: nil)
        }
    }

    /// Frees, on the calling thread, the chunks the transaction is done with.
    private func freeSpent() {
        let done = spentLock.withLock { () -> [([Line], [UInt8])] in
            defer { spent.removeAll(keepingCapacity: true) }
            return spent
        }
        _ = consume done
    }

    /// Calls `body` with the next line, waiting for the decoder; false at the end of the input.
    /// The line is moved out of its chunk for the call and back after it, not copied (a copy retains
    /// every reference in it, and the copy's release is then the writer's too): the chunk still frees
    /// it on the decoder's thread.
    /// - Throws: what reading the input threw, once the lines before it were taken; what `body` threw.
    func withNext(_ body: (borrowing Line) throws -> Void) throws -> Bool {
        if index == current.count {
            guard let chunk = try ahead.take() else { return false }
            spentLock.withLock { spent.append((current, currentText)) }
            current = chunk.lines
            currentText = chunk.text
            index = 0
            bytesConsumed = chunk.bytesConsumed
        }
        index += 1
        return try current.withUnsafeMutableBufferPointer { chunk in
            let slot = chunk.baseAddress! + (index - 1)
            // A `let` the call borrows as it is; the slot is refilled with it however the call ends.
            let line = slot.move()
            defer { slot.initialize(to: consume line) }
            try body(line)
            return true
        }
    }

    /// The bytes of `line`, the one ``withNext(_:)`` is calling with, as they were read (without the
    /// LF; a UTF-8 byte order mark at the start of the input is not part of line 1).
    func input(of line: borrowing Line) -> ArraySlice<UInt8> {
        let start = Int(line.textStart)
        return currentText[start..<start + Int(line.textCount)]
    }

    /// Stops the decoder (the import ended early).
    func stop() {
        ahead.stop()
        // A decoder still waiting for the chain's start goes on without it, to its end.
        chainStart.withLock {
            chainStartGiven = true
            chainStart.broadcast()
        }
    }
}
