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
}
