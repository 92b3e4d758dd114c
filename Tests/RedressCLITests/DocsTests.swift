import Foundation
import Testing

/// The repository's own copy of the product contract must not drift from the company's.
@Suite struct DocsTests {
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test func theContractInDocsIsTheSharedOne() throws {
        let ours = try String(contentsOf: root.appendingPathComponent("docs/SPEC.md"), encoding: .utf8)
        #expect(ours.contains("# Redress — the complaint ledger contract"))
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/SPEC.md")
        // In a clone without the company's shared folder beside it there is nothing to compare with.
        guard let theirs = try? String(contentsOf: shared, encoding: .utf8) else { return }
        #expect(ours.hasSuffix(theirs), "docs/SPEC.md differs from \(shared.path): copy it again")
    }

    /// The README's pasted hash checker runs as printed, passes on a real export and fails on an edited one.
    @Test func theReadmeHashCheckerWorksAsPrinted() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.firstMatch(of: /```python\n([\s\S]*?)```/).map { String($0.1) })
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
    /// suite) runs as written, in order, in one fresh directory with its own HOME. `tools/install`
    /// runs with `--binary` and the binary this suite tests (a build inside `swift test` would wait
    /// for the build lock this test run holds); everything else is the README's text.
    @Test func everyCommandInTheReadmeRunsAsWritten() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.matches(of: /```sh\n([\s\S]*?)```/).map { String($0.1) }
        try #require(blocks.count >= 7)
        #expect(blocks[0].contains("tools/demo") && blocks[0].contains("tools/test"))
        let cli = CLI()
        // The README is read in a clone: its ready policies are where the clone has them.
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("Policies"), to: URL(fileURLWithPath: cli.directory + "/Policies"))
        var script = "set -euo pipefail\nexport HOME=\(cli.directory)\nunset REDRESS_DB REDRESS_SIGNING_KEY\n"
        for (k, block) in blocks.enumerated().dropFirst() {
            let body = block.replacingOccurrences(
                of: "tools/install", with: root.appendingPathComponent("tools/install").path + " --binary " + CLI.binary
            )
            script += "echo '== README block \(k)'\n" + body
        }
        let out = try CLI.execute(
            "/bin/bash", [cli.write("readme.sh", script)], directory: cli.directory,
            environment: ["REDRESS_DB": "", "REDRESS_SIGNING_KEY": ""])
        let failed = out.stdout.components(separatedBy: "== README block ").last?.prefix(200) ?? ""
        #expect(out.status == 0, "README block \(failed) failed: \(out.stderr.suffix(600))")
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
        #expect(cli.read("january-credits.csv").hasPrefix("staff,points,amount,eligible"))
        // The service session: a complaint posted over HTTP, replayed, and the month's metrics read.
        #expect(out.stdout.contains(#""complaint_id":"WEB-1","version":1,"position":1"#), "the post")
        #expect(out.stdout.contains(#"{"complaint_id":"WEB-1","as_of_position":1,"chain_verifies":true"#), "replay")
        #expect(out.stdout.contains(#"{"month":"2026-03","timezone":"Asia/Seoul","as_of_position":1"#), "metrics")
    }
}
