import Crypto
import Foundation
import GRDB
import Redress
import RedressDomain
import RedressSQLite
import RedressStore
import Testing

/// The ledger-wide chain and its signed heads (RFC 6962 tree, C2SP signed-note checkpoints).
@Suite struct LedgerTreeAndNoteTests {
    /// RFC 6962's Merkle Tree Hash, written from its recursive definition.
    static func referenceRoot(_ leaves: [[UInt8]]) -> [UInt8] {
        func hash(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
        guard !leaves.isEmpty else { return hash([]) }
        if leaves.count == 1 { return hash([0x00] + leaves[0]) }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        return hash([0x01] + referenceRoot(Array(leaves[..<k])) + referenceRoot(Array(leaves[k...])))
    }

    @Test func incrementalRootIsRFC6962AndTheCompactRangeRestoresIt() throws {
        var tree = LedgerTree()
        var leaves: [[UInt8]] = []
        #expect(tree.root == Self.referenceRoot([]))
        #expect(Hex.encode(tree.root) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        for n in 1...70 {
            let leaf = Array(SHA256.hash(data: Array("event \(n)".utf8)))
            leaves.append(leaf)
            tree.append(eventHash: leaf)
            #expect(tree.root == Self.referenceRoot(leaves), "size \(n)")
            let restored = try #require(LedgerTree(size: tree.size, compactRange: tree.compactRange))
            #expect(restored == tree)
        }
        #expect(LedgerTree(size: 5, compactRange: [UInt8](repeating: 0, count: 32)) == nil, "5 leaves have two peaks")
    }

    /// The example of Go's golang.org/x/mod/sumdb/note, the reference of C2SP signed notes:
    /// Ed25519 is deterministic, so the same key and text must give the published note exactly.
    @Test func signedNotesMatchTheGoReferenceByteForByte() throws {
        let signer = try SigningKey(
            text: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        #expect(signer.verifier.text == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        let text =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let note = try signer.sign(text: text)
        #expect(
            note.text == text
                + "\n\u{2014} PeterNeumann "
                + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        )
        #expect(try SignedNote(text: note.text) == note)
        #expect(try SigningKey(text: signer.text).verifier.text == signer.verifier.text)
    }

    @Test func aCheckpointOpensOnlyUnalteredAndOnlyWithItsKey() throws {
        let key = try SigningKey(name: "ledger-a")
        let checkpoint = Checkpoint(origin: key.origin, size: 42, root: Array(SHA256.hash(data: [1, 2, 3])))
        let note = try key.sign(checkpoint)
        #expect(note.text.hasPrefix("redress/ledger-a\n42\n"))
        #expect(try key.verifier.open(SignedNote(text: note.text)) == checkpoint)
        let altered = try SignedNote(text: note.text.replacingOccurrences(of: "\n42\n", with: "\n43\n"))
        #expect(throws: CheckpointError.self) { try key.verifier.open(altered) }
        let other = try SigningKey(name: "ledger-a")
        #expect(throws: CheckpointError.self) { try other.verifier.open(note) }
        #expect(throws: CheckpointError.self) {
            try VerifierKey(text: key.verifier.text.replacingOccurrences(of: "+", with: "-"))
        }
        #expect(throws: CheckpointError.self) { try SigningKey(name: "has space") }
    }
}

/// An insider with write access to the database but not the key: every way of rewriting
/// history is caught by `verify` with the public key and the signer's head file, without an anchor.
@Suite struct SignedHeadTamperTests {
    let directory = temporaryDirectory()
    var path: String { directory + "/ledger.sqlite" }
    var keyPath: String { directory + "/ledger.key" }

    /// A ledger of 40 generated complaints imported in three signed writes.
    func makeSignedLedger() async throws -> HeadSigner {
        let key = try SigningKey(name: "tamper-test")
        try key.text.write(toFile: keyPath, atomically: true, encoding: .utf8)
        let signer = try HeadSigner.load(keyPath: keyPath)
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(signer: signer)))
        try SampleData(complaints: 40, seed: 7).write(to: try OutputSink(path: "\(directory)/in.ndjson"))
        let lines = readFile("\(directory)/in.ndjson").split(separator: "\n").map(String.init)
        for (k, part) in [lines[..<60], lines[60..<120], lines[120...]].enumerated() {
            writeFile("\(directory)/part\(k).ndjson", Array(part))
            try await ledger.importNDJSON(path: "\(directory)/part\(k).ndjson")
        }
        try ledger.close()
        return signer
    }

    func verify(knownHead: Bool = true) async throws -> VerifyReport {
        let signer = try HeadSigner.load(keyPath: keyPath)
        var evidence = HeadEvidence(key: signer.key.verifier)
        if knownHead, let head = try signer.knownHead() { evidence.knownHeads = [(signer.headPath, head)] }
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
        defer { try? ledger.close() }
        return try await ledger.verify(evidence: evidence)
    }

    func events() async throws -> [StoredEvent] {
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
        defer { try? ledger.close() }
        return try await ledger.store.readAll(after: 0, limit: 100_000)
    }

    func rewrite(_ events: [StoredEvent], dropSignatures: Bool = false) throws {
        try insiderRewrite(path, events, renumber: true, dropSignatures: dropSignatures)
    }

    @Test func anUntouchedSignedLedgerVerifiesEveryHead() async throws {
        _ = try await makeSignedLedger()
        let report = try await verify()
        #expect(report.ok, "\(report.failure ?? "")")
        #expect(report.signaturesChecked == 3 && report.signedThrough == report.headPosition)
        #expect(report.knownHeadsMatched.count == 1)
        #expect(report.unproven.isEmpty)
        // The head file holds the newest signed head, as a signed note anyone can check.
        let note = try SignedNote(text: readFile(keyPath + ".head"))
        #expect(try HeadSigner.load(keyPath: keyPath).key.verifier.open(note).size == report.headPosition)
    }

    @Test func aCutTailIsARollbackAgainstTheHeadKeptOutside() async throws {
        _ = try await makeSignedLedger()
        var all = try await events()
        // Cut the last write whole, so that every remaining event is covered by a signed head.
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
        let heads = try await ledger.store.recordedHeads()
        try ledger.close()
        #expect(heads.count == 3 && heads.allSatisfy { $0.signedNote != nil })
        all.removeLast(all.count - Int(heads[1].position))
        try rewrite(all)
        let failure = try await verify().failure ?? "verified"
        #expect(failure.contains("events were cut off (a rollback)"), "\(failure)")
        // Cut inside a write, the signatures alone show the uncovered tail.
        all.removeLast(2)
        try rewrite(all)
        let partial = try await verify(knownHead: false).failure ?? "verified"
        #expect(partial.contains("is not covered by a signed head"), "\(partial)")
        // Cut at a head, what remains is validly signed: without the head kept outside, the cut
        // cannot be seen, and verify says so.
        try rewrite(Array(try await events().prefix(Int(heads[0].position))))
        let blind = try await verify(knownHead: false)
        #expect(
            blind.ok && blind.unproven.contains { $0.contains("a cut tail cannot be seen") }, "\(blind.failure ?? "")")
    }

    @Test func anEditedAndRechainedStreamIsCaught() async throws {
        _ = try await makeSignedLedger()
        var all = try await events()
        let target = try #require(all.firstIndex { $0.type == .acknowledged })
        all[target].actor = "mallory"
        try rewrite(all)
        let failure = try await verify().failure ?? "verified"
        #expect(failure.contains("is for size") && failure.contains("the ledger was rewritten"), "\(failure)")
        try rewrite(all, dropSignatures: true)
        let unsigned = try await verify(knownHead: false).failure ?? "verified"
        #expect(unsigned.contains("is not covered by a signed head"), "\(unsigned)")
        let forked = try await verify().failure ?? "verified"
        #expect(forked.contains("the ledger forks from the signed head in"), "\(forked)")
    }

    /// A writer's key on a ledger whose signed heads were all stripped looks like another ledger's key
    /// (nothing in the database says otherwise): verify names it so, with the other possibility, as
    /// input; the auditor's --public-key and --head are never explained away and still report the fork.
    @Test func aWritersKeyOnAStrippedLedgerIsNamedAndTheAuditorStillSeesTheFork() async throws {
        let signer = try await makeSignedLedger()
        var all = try await events()
        let target = try #require(all.firstIndex { $0.type == .acknowledged })
        all[target].actor = "mallory"
        try rewrite(all, dropSignatures: true)
        let known = try #require(try signer.knownHead())
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
        defer { try? ledger.close() }
        let writers = HeadEvidence(
            key: signer.key.verifier, knownHeads: [(signer.headPath, known)],
            signingKeySource: "REDRESS_SIGNING_KEY (\(keyPath))")
        do {
            let report = try await ledger.verify(evidence: writers)
            Issue.record("a writer's key that signed no head of the ledger was taken as evidence: \(report)")
        } catch let error as LedgerError {
            let text = "\(error)"
            #expect(
                text.contains(
                    "REDRESS_SIGNING_KEY (\(keyPath)) is another ledger's key: no head of this ledger is signed by it "
                        + "(this ledger's heads are not signed)"),
                "\(text)")
            #expect(text.contains("If that key did sign this ledger, its signed heads were removed"), "\(text)")
        }
        let forked = try await verify().failure ?? "verified"
        #expect(forked.contains("the ledger forks from the signed head in"), "\(forked)")
    }

    @Test func swappedAndRechainedEventsOfTwoStreamsAreCaught() async throws {
        _ = try await makeSignedLedger()
        var all = try await events()
        let k = try #require(all.indices.dropLast().first { all[$0].complaintID != all[$0 + 1].complaintID && $0 > 10 })
        all.swapAt(k, k + 1)
        try rewrite(all)
        let failure = try await verify().failure ?? "verified"
        #expect(failure.contains("signed head at position") && failure.contains("rewritten"), "\(failure)")
    }

    @Test func renumberedPositionsAreCaught() async throws {
        _ = try await makeSignedLedger()
        var all = try await events()
        // Remove a stream's last event from the middle of the log and close the gap.
        let k = try #require(
            all.indices.first { i in i > 20 && !all[(i + 1)...].contains { $0.complaintID == all[i].complaintID } })
        all.remove(at: k)
        try rewrite(all)
        let failure = try await verify().failure ?? "verified"
        #expect(failure.contains("rewritten") || failure.contains("cut off"), "\(failure)")
        #expect(!(try await verify(knownHead: false).ok), "the signatures alone catch a renumbering")
    }

    @Test func aForgedEventAppendedAtTheEndIsCaught() async throws {
        _ = try await makeSignedLedger()
        var all = try await events()
        // A lifecycle-legal follow-up on a complaint that was acknowledged.
        let acknowledged = try #require(all.last { $0.type == .acknowledged })
        let later = try Timestamp(parsing: "2030-01-01T00:00:00Z")
        let forged = StoredEvent(
            position: 0, version: 0, eventID: .version7(), complaintID: acknowledged.complaintID, type: .followedUp,
            occurredAt: later, recordedAt: try #require(all.last).recordedAt, actor: "mallory",
            dataJSON: #"{"satisfaction":5}"#, hash: [])
        all.append(forged)
        try rewrite(all)
        let failure = try await verify().failure ?? "verified"
        #expect(
            failure.contains("at position \(all.count)") && failure.contains("is not covered by a signed head"),
            "\(failure)")
    }

    @Test func writersSignEveryHeadOrWriteNothing() async throws {
        let signer = try await makeSignedLedger()
        let before = try await events().count
        // Without the key: refused, nothing stored.
        let unsigned = Ledger(store: try SQLiteEventStore(path: path))
        let refused = await #expect(throws: StoreError.self) {
            try await unsigned.record(
                RecordRequest(
                    type: .received, complaintID: "NEW-1",
                    data: [("customer", .string("c")), ("channel", .string("web")), ("category", .string("other"))]))
        }
        #expect("\(String(describing: refused))".contains("this ledger's heads are signed: give its signing key"))
        try unsigned.close()
        // With another key: refused.
        let otherKeyPath = directory + "/other.key"
        try SigningKey(name: "tamper-test").text.write(toFile: otherKeyPath, atomically: true, encoding: .utf8)
        let other = Ledger(
            store: try SQLiteEventStore(path: path, options: .init(signer: try HeadSigner.load(keyPath: otherKeyPath))))
        let otherKey = await #expect(throws: StoreError.self) {
            try await other.record(
                RecordRequest(
                    type: .received, complaintID: "NEW-2",
                    data: [("customer", .string("c")), ("channel", .string("web")), ("category", .string("other"))]))
        }
        #expect(
            "\(String(describing: otherKey))".contains(
                "refusing to sign: this ledger's last signed head is not signed by the key"))
        try other.close()
        #expect(try await events().count == before)
        // After a rollback the key refuses to sign a history that contradicts its last head.
        var all = try await events()
        all.removeLast()
        try rewrite(all)
        let signed = Ledger(store: try SQLiteEventStore(path: path, options: .init(signer: signer)))
        do {
            try await signed.record(
                RecordRequest(
                    type: .received, complaintID: "NEW-3",
                    data: [("customer", .string("c")), ("channel", .string("web")), ("category", .string("other"))]))
            Issue.record("a rolled-back ledger was signed")
        } catch let error as StoreError {
            #expect("\(error)".contains("rolled back or forked"), "\(error)")
        }
        try signed.close()
    }

    @Test func aTamperedSignatureIsNamedAndBrokenHeadsStopWriters() async throws {
        let signer = try await makeSignedLedger()
        let insider = try DatabaseQueue(path: path)
        // A signature byte changed: the note no longer verifies.
        try await insider.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER heads_refuse_update;
                    UPDATE ledger_heads SET checkpoint = \
                    replace(checkpoint, '\u{2014} tamper-test ', '\u{2014} tamper-test A')
                    WHERE position = (SELECT min(position) FROM ledger_heads)
                    """)
        }
        let failure = try await verify().failure ?? "verified"
        #expect(failure.contains("is badly signed"), "\(failure)")
        // An unreadable compact range, or a head past the end: a writer refuses to go on.
        try await insider.write { db in
            try db.execute(
                sql: "UPDATE ledger_heads SET compact = x'00' WHERE position = (SELECT max(position) FROM ledger_heads)"
            )
        }
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(signer: signer)))
        let request = RecordRequest(
            type: .received, complaintID: "NEW-1",
            data: [("customer", .string("c")), ("channel", .string("web")), ("category", .string("other"))])
        let unreadable = await #expect(throws: StoreError.self) { try await ledger.record(request) }
        #expect("\(String(describing: unreadable))".contains("is unreadable: verify the ledger"))
        // A head recorded past the last event (events were cut, the heads kept): refused too.
        let end = try await events().count
        var tree = LedgerTree()
        for _ in 0..<(end + 5) { tree.append(eventHash: [UInt8](repeating: 7, count: 32)) }
        let beyond = tree
        try await insider.write { db in
            try db.execute(
                sql:
                    "INSERT INTO ledger_heads (position, root, compact, checkpoint, recorded_ms) "
                    + "VALUES (?, ?, ?, NULL, 0)",
                arguments: [beyond.size, Data(beyond.root), Data(beyond.compactRange)])
        }
        let past = await #expect(throws: StoreError.self) { try await ledger.record(request) }
        #expect(
            "\(String(describing: past))".contains("the heads recorded go past the ledger's head \(end)"),
            "\(String(describing: past))")
        try ledger.close()
        try insider.close()
    }

    /// A restored copy has the same heads: the same key signs it, and it extends the head kept outside.
    @Test func aRestoredCopyIsSignedByTheSameKeyAndExtendsItsHead() async throws {
        let signer = try await makeSignedLedger()
        let source = Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
        try await source.export(to: try OutputSink(path: directory + "/export.ndjson"))
        try source.close()
        let copyPath = directory + "/copy.sqlite"
        let copy = Ledger(store: try SQLiteEventStore(path: copyPath, options: .init(signer: signer)))
        let restored = try await copy.importNDJSON(path: directory + "/export.ndjson")
        #expect(restored.appended == restored.lines)
        let known = try #require(try signer.knownHead())
        let report = try await copy.verify(
            evidence: HeadEvidence(key: signer.key.verifier, knownHeads: [("head file", known)]))
        #expect(report.ok && report.knownHeadsMatched == ["head file"], "\(report.failure ?? "")")
        try copy.close()
    }

    @Test func anIssuedStatementRecordsTheSignedHeadItWasIssuedAt() async throws {
        let signer = try await makeSignedLedger()
        let ledger = Ledger(store: try SQLiteEventStore(path: path, options: .init(signer: signer)))
        defer { try? ledger.close() }
        let (issued, _) = try await ledger.issueRewards(month: "2026-01")
        let note = try #require(issued.signedHead)
        let checkpoint = try signer.key.verifier.open(try SignedNote(text: note))
        #expect(checkpoint.size == issued.asOfPosition)
        #expect(try await ledger.issuedStatements?.latestIssued(month: "2026-01")?.signedHead == note)
    }
}
