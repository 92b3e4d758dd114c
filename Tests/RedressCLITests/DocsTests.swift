import Foundation
import Testing

/// The repository's own copy of the product contract must not drift from the company's.
@Suite struct DocsTests {
    var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

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
        _ = cli.write("export.ndjson", cli.read("export.ndjson").replacingOccurrences(of: "\"severity\":\"high\"", with: "\"severity\":\"low\""))
        let bad = try CLI.execute("/usr/bin/env", ["python3", script], directory: cli.directory)
        #expect(bad.status != 0 && bad.stderr.contains("AssertionError"), "\(bad.stderr)")
    }
}
