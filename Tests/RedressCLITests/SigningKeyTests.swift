import Foundation
import Synchronization
import Testing

/// A signing key left set for another ledger is named as that — never as a fork or a rollback of
/// the ledger at hand — while a real rollback of the key's own ledger is still one (issue 33, item 1).
@Suite struct SigningKeyTests {
    let cli = CLI()
    var key: String { cli.directory + "/redress.key" }

    /// A sample, the key of docs/integrity.md, an unsigned walkthrough ledger (`cli.db`) one event longer than
    /// `signed.sqlite`, which holds the same sample imported with the key.
    func twoLedgers() throws {
        try cli.setup(["generate", "--complaints", "30", "--seed", "3", "-o", "sample.ndjson"])
        try cli.setup(["keys", "create", "--name", "payroll-2026", "-o", key])
        try cli.setup(["import", "sample.ndjson"])
        try cli.setup(["receive", "LATE-1", "--customer", "c", "--channel", "web", "--category", "service"])
        try cli.setup(["--db", "signed.sqlite", "import", "--signing-key", key, "sample.ndjson"])
    }

    func events(_ db: String? = nil) throws -> Int {
        try cli.setup(["--db", db ?? cli.db, "export"]).stdout.split(separator: "\n").count
    }

    /// The signed-heads block of docs/integrity.md followed in one shell with `export REDRESS_SIGNING_KEY`: verify
    /// and a write on the walkthrough ledger said "forks" and "rolled back or forked".
    @Test func anExportedKeyOfAnotherLedgerIsNamedNotAFork() throws {
        try twoLedgers()
        let exported = ["REDRESS_SIGNING_KEY": key]
        let verify = try cli.run(["verify"], environment: exported)
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(
            verify.stderr.contains(
                "REDRESS_SIGNING_KEY (\(key)) is another ledger's key: no head of this ledger is signed by it "
                    + "(this ledger's heads are not signed), and its head file \(key).head (redress/payroll-2026, "
                    + "size "),
            "\(verify.stderr)")
        #expect(verify.stderr.contains("unset REDRESS_SIGNING_KEY"), "\(verify.stderr)")
        for alarm in ["fork", "rolled back", "rollback", "cut off", "verify failed", "not covered", "forged"] {
            #expect(!verify.stderr.contains(alarm), "a false alarm (\(alarm)): \(verify.stderr)")
        }
        #expect(verify.stderr.split(separator: "\n").count == 1, "one line: \(verify.stderr)")
        // The flag is named when the key came from it.
        let flagged = try cli.run(["verify", "--signing-key", key], environment: ["REDRESS_SIGNING_KEY": ""])
        #expect(flagged.status == 1 && flagged.stderr.contains("--signing-key \(key) is another ledger's key"))
        // A write refuses, and says why, without a rollback or fork; nothing is stored.
        let before = try events()
        let write = try cli.run(
            ["receive", "NEW-1", "--customer", "c", "--channel", "web", "--category", "service"],
            environment: exported)
        #expect(write.status == 1, "\(write.stderr)")
        #expect(
            write.stderr.contains(
                "the signing key \(key) (--signing-key or REDRESS_SIGNING_KEY) is another ledger's key: "
                    + "no head of this ledger is signed by it"),
            "\(write.stderr)")
        #expect(!write.stderr.contains("rolled back or forked"), "\(write.stderr)")
        // Plain words: not "database error: refusing to sign" (issue 28, item 6b).
        #expect(write.stderr.hasPrefix("redress: refusing to sign: the signing key "), "\(write.stderr)")
        #expect(try events() == before)
        // A key that signed nothing yet is not another ledger's, and no evidence about this one either.
        try cli.setup(["keys", "create", "--name", "fresh", "-o", "fresh.key"])
        let fresh = try cli.run(["verify"], environment: ["REDRESS_SIGNING_KEY": cli.directory + "/fresh.key"])
        #expect(fresh.status == 1 && fresh.stderr.contains("has signed no head yet"), "\(fresh.stderr)")
        // Without the key the walkthrough ledger verifies; with it, the ledger it signs does.
        #expect(try cli.run(["verify"], environment: ["REDRESS_SIGNING_KEY": ""]).status == 0)
        let own = try cli.run(["--db", "signed.sqlite", "verify"], environment: exported)
        #expect(own.status == 0 && own.stdout.contains("extends the signed head in \(key).head"), "\(own.stderr)")
    }

    /// Another origin: the ledger's heads are signed by another key; the exported one is named as not its.
    @Test func aKeyOfAnotherOriginIsNamedWithTheLedgersOwn() throws {
        try twoLedgers()
        let other = cli.directory + "/other.key"
        try cli.setup(["keys", "create", "--name", "other-ledger", "-o", other])
        try cli.setup(["--db", "other.sqlite", "import", "--signing-key", other, "sample.ndjson"])
        let exported = ["REDRESS_SIGNING_KEY": key]
        let verify = try cli.run(["--db", "other.sqlite", "verify"], environment: exported)
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(
            verify.stderr.contains("is another ledger's key")
                && verify.stderr.contains("this ledger's heads are signed by redress/other-ledger (key other-ledger+"),
            "\(verify.stderr)")
        #expect(!verify.stderr.contains("badly signed") && !verify.stderr.contains("fork"), "\(verify.stderr)")
        let write = try cli.run(
            ["--db", "other.sqlite", "receive", "NEW-1", "--customer", "c", "--channel", "web", "--category"]
                + ["service"], environment: exported)
        #expect(write.status == 1, "\(write.stderr)")
        #expect(
            write.stderr.contains("it is signed for redress/other-ledger (one key signs one ledger)")
                && write.stderr.contains("REDRESS_SIGNING_KEY) is another ledger's"),
            "\(write.stderr)")
        #expect(try cli.run(["--db", "other.sqlite", "verify", "--signing-key", other]).status == 0)
    }

    /// The key's own ledger put back to an older copy of its file: still a rollback, to verify and to a writer.
    @Test func aRealRollbackOfTheKeysLedgerIsStillARollback() throws {
        try twoLedgers()
        let signed = cli.directory + "/signed.sqlite"
        let copy = cli.directory + "/signed-copy.sqlite"
        #expect(try cli.sqlite(".backup '\(copy)'", db: signed).status == 0)
        try cli.setup([
            "--db", "signed.sqlite", "receive", "LATE-2", "--customer", "c", "--channel", "web", "--category",
            "service", "--signing-key", key,
        ])
        // The older file, restored over the newer one (as a backup restore or an insider would).
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: signed + suffix) }
        try FileManager.default.copyItem(atPath: copy, toPath: signed)
        let exported = ["REDRESS_SIGNING_KEY": key]
        let verify = try cli.run(["--db", "signed.sqlite", "verify"], environment: exported)
        #expect(verify.status == 4, "\(verify.stderr)")
        #expect(verify.stderr.contains("events were cut off (a rollback)"), "\(verify.stderr)")
        #expect(!verify.stderr.contains("another ledger"), "\(verify.stderr)")
        let write = try cli.run(
            ["--db", "signed.sqlite", "receive", "NEW-1", "--customer", "c", "--channel", "web", "--category"]
                + ["service"], environment: exported)
        #expect(write.status == 1 && write.stderr.contains("it was rolled back or forked"), "\(write.stderr)")
        #expect(!write.stderr.contains("another ledger"), "\(write.stderr)")
    }

    /// Four signed writers at once (issue 28, item 4): 11 of 320 receives exited 1 with "the events were
    /// stored and their head signed, but cannot replace the head file" (one fixed temporary name, renamed
    /// after the lock was released). Every command must succeed and the head file end at the ledger's head.
    @Test func fourSignedWritersAtOnceAllSucceedAndTheHeadFileEndsAtTheHead() throws {
        try cli.setup(["keys", "create", "--name", "busy", "-o", key])
        let failures = Failures()
        let writers = (0..<4).map { writer in
            Thread {
                for n in 0..<40 {
                    let run = try? cli.run(
                        ["receive", "W\(writer)-\(n)", "--customer", "c", "--channel", "web", "--category", "service"],
                        environment: ["REDRESS_SIGNING_KEY": key])
                    if run?.status != 0 { failures.add("W\(writer)-\(n): \(run?.stderr ?? "did not run")") }
                }
            }
        }
        for writer in writers { writer.start() }
        for writer in writers { while !writer.isFinished { usleep(10_000) } }
        #expect(failures.all.isEmpty, "\(failures.all.count) of 160 failed: \(failures.all.prefix(3))")
        #expect(try events() == 160)
        let head = cli.read("redress.key.head").split(separator: "\n")
        #expect(head.count > 2 && head[1] == "160", "the head file: \(head.prefix(2))")
        let verify = try cli.run(["verify", "--public-key", key + ".pub", "--head", key + ".head"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory).filter { $0.contains(".tmp") }
        #expect(left.isEmpty, "temporary head files left: \(left)")
    }

    /// Our signed heads in the C2SP signed-note and tlog-checkpoint formats, as an implementation that
    /// shares no code with ours reads them (`tools/check_signed_note.py`: Python, Ed25519 from
    /// `cryptography`): signing and checking that agree with each other but drift from the format fail
    /// here. It also recomputes the RFC 6962 root from the export's event hashes.
    @Test func ourSignedHeadPassesAnIndependentSignedNoteVerifier() throws {
        try cli.setup(["generate", "--complaints", "30", "--seed", "5", "-o", "sample.ndjson"])
        try cli.setup(["keys", "create", "--name", "payroll-2026", "-o", key])
        try cli.setup(["import", "--signing-key", key, "sample.ndjson"])
        let count = try events()
        _ = cli.write("export.ndjson", try cli.setup(["export"]).stdout)
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/check_signed_note.py").path
        func check(_ head: String, _ publicKey: String? = nil) throws -> CLI.Output {
            try CLI.execute(
                "/usr/bin/env", ["python3", checker, head, publicKey ?? key + ".pub", "--export", "export.ndjson"],
                directory: cli.directory)
        }
        let ok = try check(key + ".head")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("ok redress/payroll-2026 \(count) "), "\(ok.stdout)")
        // Not a rubber stamp: an altered size or signature, and another key, fail.
        let note = cli.read("redress.key.head")
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = String(count - 1)
        _ = cli.write("size.head", lines.joined(separator: "\n"))
        let size = try check("size.head")
        #expect(size.status == 1 && size.stdout.contains("does not verify"), "\(size.stdout)")
        let signature = try #require(note.split(separator: "\n").last?.split(separator: " ").last)
        let flipped = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
        _ = cli.write("signature.head", note.replacingOccurrences(of: String(signature), with: flipped))
        #expect(try check("signature.head").status == 1)
        try cli.setup(["keys", "create", "--name", "payroll-2026", "-o", "other.key"])
        let other = try check(key + ".head", "other.key.pub")
        #expect(other.status == 1 && other.stdout.contains("no signature line"), "\(other.stdout)")
    }
}

/// Lines gathered from several threads.
final class Failures: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
