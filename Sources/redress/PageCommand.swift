public import ArgumentParser
import Foundation
import Redress
import RedressPage

extension PageLanguage: ExpressibleByArgument {}

/// `redress report --month YYYY-MM -o FILE`: the month's metrics and reward statement as one
/// self-contained HTML page, both as of the same position, the command that makes it again in its footer.
/// Reads only. Exit status: 0 written; 1 a bad month or policy or an unwritable file; 64 usage; 66 no
/// ledger at the path.
struct PageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "A month's metrics and reward statement as one self-contained HTML page.",
        discussion: """
            Required: --month YYYY-MM and -o FILE. The page has everything inline (CSS and SVG charts, no \
            script, no network) and prints on A4. Its figures are those of metrics and rewards as of one \
            position (default: the head), and its footer gives the command that makes the same page again. \
            Examples:
              redress report --month 2026-03 -o march.html
              redress report --month 2026-03 --lang ko --policy policy.json -o 2026-03.html
            """)
    @OptionGroup var ledger: ReadLedgerOptions
    @Option(help: "The month, YYYY-MM, in the policy's time zone.") var month: String
    @Option(help: "Policy JSON file (default: the built-in policy).") var policy: String?
    @Option(
        name: .customLong("as-of-position"), parsing: .unconditional,
        help: "Only events at or before this position (default: the head).")
    var asOfPosition: Int64?
    @Option(help: "The page's language: en or ko.") var lang: PageLanguage = .en
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the page.", valueName: "FILE"))
    var output: String

    func validate() throws { try nonNegative(asOfPosition, "--as-of-position") }

    func run() async throws {
        try await ledger.withLedger(.readOnly) { ledger in
            let policy = try Policy.load(path: self.policy)
            let position = try await ledger.metrics(month: month, policy: policy, asOfPosition: asOfPosition)
                .asOfPosition
            let page = try await ledger.monthPage(
                month: month, policy: policy, asOfPosition: position, language: lang,
                command: command(position: position))
            let sink = try OutputSink(path: output)
            try sink.write(page.html())
            try sink.flush()
            print("wrote \(output): \(month), as of position \(position), \(lang.rawValue)")
        }
    }

    /// The command that makes the same page: the as-of position is always named, so later events
    /// do not change it.
    func command(position: Int64) -> String {
        var words = ["redress", "--db", self.ledger.location, "report", "--month", month]
        if let policy { words += ["--policy", policy] }
        words += ["--as-of-position", String(position), "--lang", lang.rawValue, "-o", output]
        return words.map(Self.quoted).joined(separator: " ")
    }

    /// A word as a POSIX shell reads it back.
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "-_./:=@%+,".unicodeScalars.contains($0)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
