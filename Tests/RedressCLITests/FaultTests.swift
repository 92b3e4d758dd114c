import Foundation
import Testing

/// The promises that must hold when things go wrong, on real files and the real binary:
/// durability, locks with timeouts, audits on read-only copies, refusing a newer schema,
/// crashes at random points, concurrent writers.
@Suite struct FaultTests {
    let cli = CLI()

    /// Starts `redress ARGS` in the background.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["REDRESS_DB": cli.db].merging(environment) { $1 }
        ) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// `redress ARGS`, failing the test (and killing it) if it runs longer than `seconds`.
    func runBounded(_ arguments: [String], seconds: Double, environment: [String: String] = [:]) throws -> CLI.Output {
        let started = Date()
        nonisolated(unsafe) var output: CLI.Output?
        nonisolated(unsafe) var failure: Error?
        let done = DispatchSemaphore(value: 0)
        Thread {
            do { output = try cli.run(arguments, environment: environment) } catch { failure = error }
            done.signal()
        }.start()
        if done.wait(timeout: .now() + seconds) == .timedOut {
            Issue.record("redress \(arguments.joined(separator: " ")) still running after \(seconds) s")
            _ = try? CLI.execute(
                "/usr/bin/pkill", ["-KILL", "-f", "redress.*\(arguments[0])"], directory: cli.directory)
            done.wait()
        }
        if let failure { throw failure }
        #expect(Date().timeIntervalSince(started) < seconds)
        return output!
    }

    func count() throws -> Int {
        let out = try cli.sqlite("SELECT count(*) FROM events")
        return Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: cli.directory)) ?? []).sorted() }

    @Test func readOnlyCommandsOnAMissingLedgerFailWithExit66AndCreateNothing() throws {
        let missing = cli.directory + "/typo.sqlite"
        for command in [
            ["verify"], ["export"], ["replay", "K-1"], ["metrics", "--month", "2026-01"],
            ["rewards", "--month", "2026-01"],
            ["rewards", "diff", "--month", "2026-01"], ["projections", "status"],
        ] {
            let out = try cli.run(["--db", missing] + command)
            #expect(out.status == 66, "\(command): \(out.status) \(out.stderr)")
            #expect(out.stderr == "redress: no ledger at \(missing) (set --db or REDRESS_DB)\n", "\(command)")
        }
        #expect(files().isEmpty, "\(files())")
        // A directory is no ledger either, and a write leaves no DIR.lock behind.
        try FileManager.default.createDirectory(atPath: cli.directory + "/dir", withIntermediateDirectories: false)
        let write = try cli.run([
            "--db", cli.directory + "/dir", "receive", "K-1", "--customer", "c", "--channel", "web", "--category",
            "other",
        ])
        #expect(write.status == 1 && write.stderr.contains("it is a directory"), "\(write.stderr)")
        #expect(try cli.run(["--db", cli.directory + "/dir", "verify"]).status == 66)
        #expect(files() == ["dir"], "\(files())")
    }

    @Test func aLedgerWrittenByANewerRedressIsRefusedByEveryCommand() throws {
        #expect(
            try cli.run(["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other"]).status == 0)
        #expect(try cli.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')").status == 0)
        for command in [
            ["verify"], ["export"], ["metrics", "--month", "2026-01"], ["acknowledge", "K-1", "--by", "kim"],
            ["import", "-"], ["projections", "rebuild"],
        ] {
            let out = try cli.run(command, stdin: "")
            #expect(out.status == 1, "\(command)")
            #expect(
                out.stderr.contains("was written by a newer Redress (schema 9: v9-future); this binary knows schema 8"),
                "\(command): \(out.stderr)")
        }
        #expect(
            try cli.sqlite("DELETE FROM grdb_migrations WHERE identifier = 'v9-future'; PRAGMA user_version = 9").status
                == 0)
        let out = try cli.run(["verify"])
        #expect(out.status == 1 && out.stderr.contains("newer Redress (schema 9)"), "\(out.stderr)")
        #expect(try count() == 1)
    }

    /// `synchronous=FULL` where it happens: the commit's WAL frames are fdatasync'ed before the
    /// command prints the stored event.
    @Test func aRecordedEventIsSyncedToDiskBeforeItIsReported() throws {
        #expect(
            try cli.run(["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other"]).status == 0)
        let trace = cli.directory + "/trace.txt"
        let out = try CLI.execute(
            "/usr/bin/strace",
            [
                "-f", "-y", "-e", "trace=fdatasync,fsync,write", "-o", trace,
                CLI.binary, "--db", cli.db, "acknowledge", "K-1", "--by", "kim",
            ],
            directory: cli.directory)
        #expect(out.status == 0, "\(out.stderr)")
        let lines = cli.read("trace.txt").split(separator: "\n")
        let synced = lines.firstIndex { $0.contains("fdatasync(") && $0.contains("ledger.sqlite-wal>") }
        let printed = lines.firstIndex { $0.contains("write(1") && $0.contains("event_id") }
        #expect(synced != nil, "no fdatasync of the WAL: \(lines.filter { $0.contains("sync") })")
        #expect(printed != nil)
        if let synced, let printed { #expect(synced < printed, "the event was printed before its commit was synced") }
    }

    @Test func aStoppedWriterBlocksNoReaderAndOtherWritersTimeOutNamingIt() throws {
        // The first 300 lines are committed; the whole file then imports (those 300 as no-ops) and is stopped.
        try cli.setup(["generate", "--complaints", "30000", "--seed", "5", "-o", "big.ndjson"])
        _ = cli.write(
            "small.ndjson", cli.read("big.ndjson").split(separator: "\n").prefix(300).joined(separator: "\n") + "\n")
        try cli.setup(["import", "small.ndjson"])
        let committed = try count()
        #expect(committed == 300)
        let writer = try start(["import", "big.ndjson"])
        defer {
            if writer.isRunning {
                kill(writer.processIdentifier, SIGKILL)
                writer.waitUntilExit()
            }
        }
        // Wait until the import holds the writer lock (it writes its pid there), then stop it.
        let deadline = Date().addingTimeInterval(60)
        while !(cli.peek("ledger.sqlite.lock") ?? "").contains("pid \(writer.processIdentifier):") && writer.isRunning
            && Date() < deadline
        {
            usleep(2_000)
        }
        #expect(writer.isRunning, "the import finished before it could be stopped")
        kill(writer.processIdentifier, SIGSTOP)
        // Readers read the last committed snapshot and never wait.
        let verify = try runBounded(["verify"], seconds: 20)
        #expect(
            verify.status == 0 && verify.stdout.hasPrefix("ok: \(committed) events"),
            "\(verify.stdout) \(verify.stderr)")
        #expect(try runBounded(["export"], seconds: 20).stdout.split(separator: "\n").count == committed)
        #expect(try runBounded(["metrics", "--month", "2026-01", "--format", "json"], seconds: 20).status == 0)
        #expect(try runBounded(["projections", "status"], seconds: 20).status == 0)
        // A writer waits at most --lock-timeout, then names the holder.
        let started = Date()
        let blocked = try runBounded(
            [
                "receive", "NEW-1", "--customer", "c", "--channel", "web", "--category", "other",
                "--lock-timeout", "1",
            ], seconds: 20)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(blocked.status == 75, "\(blocked.status) \(blocked.stderr)")
        #expect(
            blocked.stderr.contains("locked by another writer (held by pid \(writer.processIdentifier):"),
            "\(blocked.stderr)")
        #expect(
            blocked.stderr.contains("import big.ndjson") && blocked.stderr.contains("gave up after 1 s"),
            "\(blocked.stderr)")
        let fromEnvironment = try runBounded(
            ["acknowledge", "NEW-1", "--by", "kim"], seconds: 20, environment: ["REDRESS_LOCK_TIMEOUT": "0.5"])
        #expect(
            fromEnvironment.status == 75 && fromEnvironment.stderr.contains("gave up after 0.5 s"),
            "\(fromEnvironment.stderr)")
        // The stopped import is killed: nothing of it was stored.
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(try count() == committed)
        #expect(try cli.run(["verify"]).status == 0)
        #expect(
            try cli.run(["receive", "NEW-1", "--customer", "c", "--channel", "web", "--category", "other"]).status == 0)
    }

    /// An auditor's copy: a read-only file, a read-only directory (no -shm can be created), a
    /// read-only mount, as an unprivileged user where permissions matter.
    @Test func auditsWorkOnReadOnlyFilesDirectoriesAndMounts() throws {
        try cli.setup(["generate", "--complaints", "60", "--seed", "9", "-o", "in.ndjson"])
        #expect(try cli.run(["import", "in.ndjson"]).status == 0)
        let expected = try cli.run(["export"]).stdout
        let metrics = try cli.run(["metrics", "--month", "2026-01", "--format", "json"]).stdout
        let copies = NSTemporaryDirectory() + "redress-ro-" + UUID().uuidString
        // Readable by `nobody`: a copy of the binary too (the build folder may not be).
        try FileManager.default.createDirectory(
            atPath: copies, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer {
            _ = try? CLI.execute("/bin/umount", [copies + "/mnt"], directory: "/")
            try? FileManager.default.removeItem(atPath: copies)
        }
        let binary = copies + "/redress"
        try FileManager.default.copyItem(atPath: CLI.binary, toPath: binary)
        func audit(_ db: String, as user: String?, _ label: String) throws {
            func run(_ arguments: [String]) throws -> CLI.Output {
                guard let user else { return try CLI.execute(binary, ["--db", db] + arguments, directory: copies) }
                return try CLI.execute(
                    "/usr/sbin/runuser", ["-u", user, "--", binary, "--db", db] + arguments, directory: copies)
            }
            let verify = try run(["verify"])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: "), "\(label): \(verify.stderr)")
            #expect(try run(["export"]).stdout == expected, "\(label)")
            #expect(try run(["metrics", "--month", "2026-01", "--format", "json"]).stdout == metrics, "\(label)")
            #expect(try run(["rewards", "--month", "2026-01", "--format", "json"]).status == 0, "\(label)")
            #expect(try run(["replay", "C-0000001"]).status == 0, "\(label)")
            #expect(!FileManager.default.fileExists(atPath: db + ".lock"), "\(label): a reader created the lock file")
            let write = try run(["receive", "NEW-1", "--customer", "c", "--channel", "web", "--category", "other"])
            #expect(write.status != 0, "\(label): a write succeeded on a read-only copy")
        }
        // 1. A read-only file in a directory nobody may write.
        let dir1 = copies + "/file"
        try FileManager.default.createDirectory(atPath: dir1, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: cli.db, toPath: dir1 + "/ledger.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir1 + "/ledger.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir1)
        try audit(dir1 + "/ledger.sqlite", as: "nobody", "read-only file and directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir1) == ["ledger.sqlite"])
        // 2. A read-only file in a directory the auditor may write (the -shm can be created).
        let dir2 = copies + "/writable"
        try FileManager.default.createDirectory(
            atPath: dir2, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        try FileManager.default.copyItem(atPath: cli.db, toPath: dir2 + "/ledger.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir2 + "/ledger.sqlite")
        try audit(dir2 + "/ledger.sqlite", as: "nobody", "read-only file")
        // 3. A read-only mount, even for root.
        let mount = copies + "/mnt"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: false)
        let mounted = try CLI.execute("/bin/mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", mount], directory: "/")
        try #require(mounted.status == 0, "cannot mount a tmpfs here: \(mounted.stderr)")
        try FileManager.default.copyItem(atPath: cli.db, toPath: mount + "/ledger.sqlite")
        #expect(try CLI.execute("/bin/mount", ["-o", "remount,ro", mount], directory: "/").status == 0)
        try audit(mount + "/ledger.sqlite", as: nil, "read-only mount")
    }

    @Test func aFullDiskRefusesWritesWholeAndReportsStillWork() throws {
        let mount = NSTemporaryDirectory() + "redress-full-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer {
            _ = try? CLI.execute("/bin/umount", [mount], directory: "/")
            try? FileManager.default.removeItem(atPath: mount)
        }
        let mounted = try CLI.execute("/bin/mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", mount], directory: "/")
        try #require(mounted.status == 0, "cannot mount a tmpfs here: \(mounted.stderr)")
        let db = mount + "/ledger.sqlite"
        try cli.setup(["generate", "--complaints", "30000", "--seed", "3", "-o", "big.ndjson"])
        // --skip-invalid commits every 10,000 lines: the disk fills in a later batch.
        let filled = try cli.run(["--db", db, "import", "big.ndjson", "--skip-invalid", "rejects.ndjson"])
        #expect(filled.status == 1, "\(filled.stdout)")
        let committedLines = filled.stderr.firstMatch(of: /the first (\d+) line\(s\) were committed/).map { Int($0.1)! }
        #expect(committedLines != nil && committedLines! % 10_000 == 0, "\(filled.stderr)")
        #expect(filled.stderr.contains("import again from line \((committedLines ?? 0) + 1)"), "\(filled.stderr)")
        let stored = try cli.sqlite("SELECT count(*) FROM events", db: db).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(Int(stored) == committedLines, "\(stored) events stored")
        // Fill what is left, if anything: a write fails whole, reads work.
        _ = try CLI.execute("/bin/dd", ["if=/dev/zero", "of=\(mount)/filler", "bs=4k"], directory: mount)
        // Pages SQLite already holds (the WAL the failed batch grew) may take a few more small writes:
        // write until one fails, then that one must have stored nothing.
        let text = String(repeating: "가", count: 3_000)
        func receive(_ n: Int) throws -> CLI.Output {
            try cli.run([
                "--db", db, "receive", "FULL-\(n)", "--customer", "c", "--channel", "web", "--category", "other",
                "--summary", text,
            ])
        }
        var landed = 0
        var write = try receive(0)
        while write.status == 0 && landed < 500 {
            landed += 1
            write = try receive(landed)
        }
        #expect(write.status == 1, "\(write.stdout)")
        // One plain line a person can act on, not GRDB's "SQLite error 13: database or disk is full - while …".
        #expect(
            write.stderr == "redress: the disk holding the ledger \(db) is full: this write was refused whole and "
                + "nothing of it was stored; free some space there and run it again\n",
            "\(write.stderr)")
        #expect(filled.stderr.hasPrefix("redress: the disk holding the ledger \(db) is full: "), "\(filled.stderr)")
        for word in ["SQLite error", "database error", "while executing"] {
            #expect(!write.stderr.contains(word) && !filled.stderr.contains(word), "\(word): \(filled.stderr)")
        }
        let storedNow = (Int(stored) ?? 0) + landed
        let verify = try cli.run(["--db", db, "verify"])
        #expect(
            verify.status == 0 && verify.stdout.hasPrefix("ok: \(storedNow) events"),
            "\(verify.stdout) \(verify.stderr)")
        #expect(try cli.run(["--db", db, "metrics", "--month", "2026-01", "--format", "json"]).status == 0)
        #expect(try cli.run(["--db", db, "rewards", "--month", "2026-01", "--format", "json"]).status == 0)
        #expect(try cli.run(["--db", db, "export"]).stdout.split(separator: "\n").count == storedNow)
        // Room again: the next write lands, and the import goes on where it stopped.
        #expect(try CLI.execute("/bin/mount", ["-o", "remount,size=128m", mount], directory: "/").status == 0)
        let resumed = try receive(landed)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let rest = try cli.run(["--db", db, "import", "big.ndjson"])
        #expect(rest.status == 0 && rest.stdout.contains("already stored"), "\(rest.stdout) \(rest.stderr)")
        #expect(try cli.run(["--db", db, "verify"]).status == 0)
    }

    /// kill -9 at random points of an import and of a rebuild: the ledger is empty or complete,
    /// verifies, and a re-import stores everything exactly once.
    @Test func killNineAtRandomPointsLosesAndDuplicatesNothing() throws {
        try cli.setup(["generate", "--complaints", "2500", "--seed", "11", "-o", "in.ndjson"])
        let total = cli.read("in.ndjson").split(separator: "\n").count
        var generator = SystemRandomNumberGenerator()
        /// Runs `arguments` and kills it -9 at a random point of a run as long as `duration`; true if it was still
        /// running.
        func killed(_ arguments: [String], within duration: TimeInterval) throws -> Bool {
            let process = try start(arguments)
            usleep(UInt32(Double.random(in: 0.02...0.9, using: &generator) * duration * 1e6))
            let running = process.isRunning
            if running { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return running
        }
        func fresh() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.db + suffix) }
        }
        // How long an import takes here, to kill inside it.
        var started = Date()
        #expect(try cli.run(["import", "in.ndjson"]).status == 0)
        let importTime = Date().timeIntervalSince(started)
        var kills = 0
        var attempts = 0
        while kills < 6 && attempts < 20 {
            attempts += 1
            fresh()
            if try killed(["import", "in.ndjson"], within: importTime) { kills += 1 }
            let stored = FileManager.default.fileExists(atPath: cli.db) ? try count() : 0
            #expect(stored == 0 || stored == total, "attempt \(attempts): \(stored) of \(total) events after kill -9")
            if FileManager.default.fileExists(atPath: cli.db) {
                #expect(try cli.run(["verify"]).status == 0, "attempt \(attempts)")
            }
            let again = try cli.run(["import", "in.ndjson"])
            #expect(again.status == 0, "attempt \(attempts): \(again.stderr)")
            #expect(try count() == total, "attempt \(attempts): a re-import must store each event exactly once")
            #expect(try cli.run(["verify"]).status == 0)
        }
        let before = try cli.run(["metrics", "--month", "2026-02", "--format", "json"]).stdout
        started = Date()
        #expect(try cli.run(["projections", "rebuild"]).status == 0)
        let rebuildTime = Date().timeIntervalSince(started)
        attempts = 0
        while kills < 12 && attempts < 20 {
            attempts += 1
            if try killed(["projections", "rebuild"], within: rebuildTime) { kills += 1 }
            #expect(try count() == total, "rebuild attempt \(attempts)")
            #expect(try cli.run(["verify"]).status == 0)
            #expect(
                try cli.run(["metrics", "--month", "2026-02", "--format", "json"]).stdout == before,
                "rebuild attempt \(attempts)")
        }
        #expect(try cli.run(["projections", "rebuild"]).status == 0)
        #expect(try cli.run(["metrics", "--month", "2026-02", "--format", "json"]).stdout == before)
        #expect(kills >= 10, "only \(kills) processes were still running when killed")
    }

    /// Four processes append at once: conflicts exit 3, nothing is lost or duplicated, and a
    /// default time (taken inside the write lock) never goes backwards.
    @Test func fourProcessesAppendingAtOnceLoseAndDuplicateNothing() throws {
        for k in 1...8 {
            #expect(
                try cli.run(["receive", "S-\(k)", "--customer", "c", "--channel", "web", "--category", "other"]).status
                    == 0)
        }
        let script = """
            p=$1; bin=$2
            for k in 1 2 3 4 5 6 7 8; do
              "$bin" acknowledge S-$k --by staff-$p --expect-version 1 >/dev/null; echo "ack S-$k $?"
              "$bin" assign S-$k --by staff-$p --to staff-$p >/dev/null; echo "assign S-$k $?"
              "$bin" receive P$p-$k --customer c --channel phone --category service >/dev/null; echo "receive P$p-$k $?"
            done
            """
        let scriptPath = cli.write("append.sh", script)
        var processes: [(Process, Pipe)] = []
        for p in 1...4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [scriptPath, "\(p)", CLI.binary]
            process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
            process.environment = ProcessInfo.processInfo.environment.merging(["REDRESS_DB": cli.db]) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append((process, out))
        }
        var results: [String] = []
        for (process, out) in processes {
            results += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(
                separator: "\n"
            ).map(String.init)
            process.waitUntilExit()
        }
        #expect(results.count == 96)
        for k in 1...8 {
            let acks = results.filter { $0.hasPrefix("ack S-\(k) ") }
            #expect(acks.filter { $0.hasSuffix(" 0") }.count == 1, "S-\(k): \(acks)")
            #expect(acks.filter { $0.hasSuffix(" 3") }.count == 3, "S-\(k): conflicts must exit 3: \(acks)")
        }
        // Every assign and receive landed: a default time never made one go backwards.
        #expect(results.filter { !$0.hasPrefix("ack") && !$0.hasSuffix(" 0") }.isEmpty, "\(results)")
        let export = try cli.run(["export"]).stdout.split(separator: "\n")
        #expect(export.count == 8 + 8 + 32 + 32)
        let ids = export.compactMap { $0.firstMatch(of: /"event_id":"([^"]+)"/).map { String($0.1) } }
        #expect(Set(ids).count == export.count, "duplicated events")
        #expect(try cli.run(["verify"]).status == 0)
    }
}
