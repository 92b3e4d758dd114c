import Foundation
import Testing

/// The repository's own copy of the product contract must not drift from the company's, and what the README
/// and the pages of docs/ print runs as printed.
@Suite struct DocsTests {
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The pages of docs/ whose commands run after the README's: every Markdown page but the contract
    /// (the company's text, not ours) and the index, in name order.
    func pages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") && $0 != "SPEC.md" && $0 != "README.md" }.sorted().map { "docs/" + $0 }
    }

    @Test func theContractInDocsIsTheSharedOne() throws {
        let ours = try String(contentsOf: root.appendingPathComponent("docs/SPEC.md"), encoding: .utf8)
        #expect(ours.contains("# Redress — the complaint ledger contract"))
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/SPEC.md")
        // In a clone without the company's shared folder beside it there is nothing to compare with.
        guard let theirs = try? String(contentsOf: shared, encoding: .utf8) else { return }
        #expect(ours.hasSuffix(theirs), "docs/SPEC.md differs from \(shared.path): copy it again")
    }

    /// The README, the pages of docs/ and the DocC catalogs' articles, by path.
    func documents() throws -> [String] {
        let catalogs = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { $0.contains(".docc/") && $0.hasSuffix(".md") }.sorted().map { "Sources/" + $0 }
        return ["README.md", "docs/README.md"] + (try pages()) + catalogs
    }

    /// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: some StringProtocol) -> String {
        String(
            heading.lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-" || $0 == "_"
            }.map { $0 == " " ? "-" : Character($0) })
    }

    /// A link from one document to another (or to a file) leads to a file that exists and, with `#…`, to a
    /// heading of it: moving a section out of the README must not leave a link pointing at nothing.
    @Test func everyLinkBetweenTheDocumentsLeadsSomewhere() throws {
        var checked = 0
        for path in try documents() where !path.contains(".docc/") {
            let directory = path.split(separator: "/").dropLast().map { $0 + "/" }.joined()
            let prose = try text(path).replacing(/```[\s\S]*?```/, with: "")
            for link in prose.matches(of: /\]\(([^)\s]+)\)/).map({ String($0.1) })
            where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? path : directory + parts[0]
                let target = root.appendingPathComponent(file).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    Issue.record("\(path) links to \(link), but there is no \(file)")
                    continue
                }
                if parts.count == 2 {
                    let headings = try String(contentsOf: target, encoding: .utf8).replacing(/```[\s\S]*?```/, with: "")
                        .matches(of: /(?m)^#+ (.*)$/).map { Self.anchor($0.1) }
                    #expect(headings.contains(String(parts[1])), "\(path) links to \(link): no such heading in \(file)")
                }
                checked += 1
            }
        }
        #expect(checked >= 20, "\(checked) links")
    }

    /// A path the documents name in code voice (`Sources/…/Decider.swift`, `tools/verify_export.py`) exists.
    @Test func everyPathTheDocumentsNameExists() throws {
        var checked = 0
        for path in try documents() {
            for match in try text(path).matches(of: /`((?:Sources|Tests|Schemas|Policies|tools|docs)\/[^`\s]*)`?/) {
                let named = String(match.1)
                guard !named.contains(where: { "*<>{}…".contains($0) }) else { continue }
                #expect(
                    FileManager.default.fileExists(atPath: root.appendingPathComponent(named).path),
                    "\(path) names \(named), which does not exist")
                checked += 1
            }
        }
        #expect(checked >= 10, "\(checked) paths")
    }

    /// The pasted hash checker (docs/integrity.md, "Hash chain") runs as printed, passes on a real export and
    /// fails on an edited one.
    @Test func theHashCheckerWorksAsPrinted() throws {
        let integrity = try text("docs/integrity.md")
        let block = try #require(integrity.firstMatch(of: /```python\n([\s\S]*?)```/).map { String($0.1) })
        let cli = CLI()
        try cli.setup(["generate", "--complaints", "50", "--seed", "6", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        try cli.setup(["export", "-o", "export.ndjson"])
        let script = cli.write("check.py", block)
        let good = try CLI.execute("/usr/bin/env", ["python3", script], directory: cli.directory)
        #expect(good.status == 0, "\(good.stderr)")
        _ = cli.write(
            "export.ndjson",
            cli.read("export.ndjson").replacingOccurrences(of: "\"severity\":\"high\"", with: "\"severity\":\"low\""))
        let bad = try CLI.execute("/usr/bin/env", ["python3", script], directory: cli.directory)
        #expect(bad.status != 0 && bad.stderr.contains("AssertionError"), "\(bad.stderr)")
    }

    /// Every shell block of the README after the first (tools/demo and tools/test, which run this
    /// suite), then every shell block of each page of docs/ (``pages()``), runs as written, in order, in
    /// one fresh directory with its own HOME. `tools/install` runs with `--binary` and the binary this
    /// suite tests (a build inside `swift test` would wait for the build lock this test run holds);
    /// everything else is the documents' text.
    @Test func everyCommandInTheReadmeAndTheDocsRunsAsWritten() throws {
        func shellBlocks(_ path: String) throws -> [(name: String, body: String)] {
            try text(path).matches(of: /```sh\n([\s\S]*?)```/).enumerated().map {
                ("\(path) block \($0.offset)", String($0.element.1))
            }
        }
        let readme = try shellBlocks("README.md")
        try #require(readme.count >= 7)
        #expect(readme[0].body.contains("tools/demo") && readme[0].body.contains("tools/test"))
        let moved = try pages().flatMap(shellBlocks)
        // The signed heads (docs/integrity.md) and the service session (docs/service.md) are among them.
        try #require(
            moved.contains { $0.name.hasPrefix("docs/integrity.md") && $0.body.contains("redress keys create") })
        try #require(moved.contains { $0.name.hasPrefix("docs/service.md") && $0.body.contains("redress") })
        let blocks = readme.dropFirst() + moved
        let cli = CLI()
        // The README is read in a clone: its ready policies are where the clone has them.
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("Policies"), to: URL(fileURLWithPath: cli.directory + "/Policies"))
        var script = "set -euo pipefail\nexport HOME=\(cli.directory)\nunset REDRESS_DB REDRESS_SIGNING_KEY\n"
        for (name, block) in blocks {
            let body = block.replacingOccurrences(
                of: "tools/install", with: root.appendingPathComponent("tools/install").path + " --binary " + CLI.binary
            )
            script += "echo '== \(name)'\n" + body
            if body.contains("redress keys create") {
                // The signed heads leave the shell as they found it: in the same shell, the walkthrough
                // ledger (REDRESS_DB) still verifies, and no key was left set for it to trip over.
                script +=
                    "echo '== verify after the signed heads'\ntest -z \"${REDRESS_SIGNING_KEY:-}\"\nredress verify\n"
            }
        }
        let out = try CLI.execute(
            "/bin/bash", [cli.write("readme.sh", script)], directory: cli.directory,
            environment: ["REDRESS_DB": "", "REDRESS_SIGNING_KEY": ""])
        let failed = out.stdout.components(separatedBy: "== ").last?.prefix(200) ?? ""
        #expect(out.status == 0, "\(failed) failed: \(out.stderr.suffix(600))")
        #expect(
            FileManager.default.fileExists(atPath: cli.directory + "/.local/bin/redress"),
            "tools/install put redress in ~/.local/bin")
        #expect(out.stdout.contains("Complaint C-0000001 — "), "replay")
        #expect(out.stdout.contains("Recovery metrics for 2026-01"), "metrics")
        #expect(out.stdout.contains("issued 2026-01 as of position"), "issue")
        #expect(
            out.stdout.contains("late: position") && out.stdout.contains("LATE-1"), "the diff shows the late events")
        #expect(out.stdout.contains("rebuilt all projections"), "rebuild")
        #expect(
            out.stdout.contains("signed heads verify through position")
                && out.stdout.contains("extends the signed head in auditor-copy.head"),
            "signed verify")
        #expect(
            out.stdout.contains("== verify after the signed heads\nok: "),
            "verify of the walkthrough ledger after the signed-heads block")
        #expect(cli.read("january-credits.csv").hasPrefix("staff,points,amount,eligible"))
        // The service session: a complaint posted over HTTP, replayed, and the month's metrics read.
        #expect(out.stdout.contains(#""complaint_id":"WEB-1","version":1,"position":1"#), "the post")
        #expect(out.stdout.contains(#"{"complaint_id":"WEB-1","as_of_position":1,"chain_verifies":true"#), "replay")
        #expect(out.stdout.contains(#"{"month":"2026-03","timezone":"Asia/Seoul","as_of_position":1"#), "metrics")
    }
}

#if PostgreSQL
extension DocsTests {
    /// The PostgreSQL set-up (docs/postgresql.md) runs as written on a real server, by a DBA who is not a superuser:
    /// its first block as the server's administrator would (the test cluster's superuser), its second as
    /// `redress_owner`; then `redress_app` records, rebuilds and verifies. The cluster is shared, so the
    /// roles and the database get a suffix, and `db.example` is the cluster's socket. A DBA who forgot
    /// the GRANT is told which one (what else the server refuses: `PostgresCLITests`).
    @Test func thePostgreSQLSetUpRunsAsWrittenByADBAWhoIsNotASuperuser() throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"],
            "no PostgreSQL server: run the tests through tools/test, which starts one")
        let host = String(try #require(url.firstMatch(of: /host=([^&]+)/)).1)
        let page = try text("docs/postgresql.md")
        let section = try #require(page.firstRange(of: "# Running on PostgreSQL").map { page[$0.upperBound...] })
        let blocks = section.matches(of: /```\n([\s\S]*?)```/).map { String($0.1) }
        let admin = try #require(blocks.first { $0.contains("createdb") }, "the administrator's block")
        let dba = try #require(
            blocks.first { $0.contains("admin init-postgres") && !$0.contains("createdb") }, "the DBA's block")
        let suffix = "_" + UUID().uuidString.prefix(8).lowercased()
        let owner = "redress_owner" + suffix
        let app = "redress_app" + suffix
        let database = "complaints" + suffix
        func local(_ text: String) -> String {
            text.replacingOccurrences(of: "redress_owner", with: owner)
                .replacingOccurrences(of: "redress_app", with: app)
                .replacingOccurrences(of: "@db.example/complaints", with: "@/{database}?host=\(host)")
                .replacingOccurrences(of: "complaints", with: database)
                .replacingOccurrences(of: "{database}", with: database)
        }
        let cli = CLI()
        // The server's client programs (createuser, createdb, psql) and this build's redress first on PATH.
        let pgbin =
            (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last
            .map { "/usr/lib/postgresql/\($0)/bin:" } ?? ""
        let path =
            URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path + ":" + pgbin
            + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        // Each line on its own: `--pwprompt` reads its two lines from standard input (setsid: no terminal).
        func run(_ line: String, as user: String) throws -> CLI.Output {
            try CLI.execute(
                "/usr/bin/setsid", ["-w", "/bin/bash", "-euo", "pipefail", "-c", line], directory: cli.directory,
                stdin: "a-long-passphrase\na-long-passphrase\n",
                environment: ["PATH": path, "PGHOST": host, "PGUSER": user, "PGDATABASE": "postgres", "REDRESS_DB": ""])
        }
        func sql(_ statement: String) throws -> CLI.Output {
            try CLI.execute(
                "/usr/bin/env",
                ["psql", "-X", "-q", "-At", "-h", host, "-U", "redress", "-d", "postgres", "-c", statement],
                directory: cli.directory, environment: ["PATH": path])
        }
        defer {
            _ = try? sql("DROP DATABASE IF EXISTS \(database)")
            _ = try? sql("DROP ROLE IF EXISTS \(app)")
            _ = try? sql("DROP ROLE IF EXISTS \(owner)")
        }
        let adminLines = local(admin).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let grant = try #require(adminLines.last { $0.contains("GRANT") }, "the administrator's GRANT")
        for line in adminLines where line != grant {
            let out = try run(line, as: "redress")
            try #require(out.status == 0, "`\(line)` as the administrator: \(out.stderr)")
        }
        #expect(try sql("SELECT rolsuper FROM pg_roles WHERE rolname = '\(owner)'").stdout == "f\n")
        let apply = local(dba).trimmingCharacters(in: .whitespacesAndNewlines)
        // Without the GRANT the owner cannot hand the projections' tables to the application role: said so.
        let early = try run(apply, as: owner)
        #expect(early.status == 1, "\(early.stderr)")
        #expect(early.stderr.contains("\(owner) cannot give \(app) the projections' tables"), "\(early.stderr)")
        #expect(early.stderr.contains("GRANT \(app) TO \(owner)"), "\(early.stderr)")
        #expect(!early.stderr.contains("PSQLError"), "\(early.stderr)")
        // The page's order: the GRANT, then the owner's init-postgres.
        let granted = try run(grant, as: "redress")
        try #require(granted.status == 0, "`\(grant)`: \(granted.stderr)")
        let applied = try run(apply, as: owner)
        #expect(applied.status == 0, "`\(apply)` as \(owner), not a superuser: \(applied.stderr)")
        #expect(applied.stderr.contains("applied: \(app) may now SELECT and INSERT events"), "\(applied.stderr)")
        // What every redress connects as records, rebuilds and verifies.
        let ledger = "postgres://\(app)@/\(database)?host=\(host)"
        for arguments in [
            ["receive", "PG-1", "--customer", "c", "--channel", "phone", "--category", "service"],
            ["acknowledge", "PG-1", "--by", "agent.kim"], ["projections", "rebuild"], ["verify"],
        ] {
            let out = try cli.run(["--db", ledger] + arguments)
            #expect(out.status == 0, "redress \(arguments.joined(separator: " ")) as \(app): \(out.stderr)")
        }
        // Run again after a rebuild replaced the projections' first tables, the set-up is still whole.
        let again = try run(apply, as: owner)
        #expect(again.status == 0, "`\(apply)` again, after a rebuild: \(again.stderr)")
    }
}
#endif
