/// CSV cells as RFC 4180 wants them, safe to open in a spreadsheet.
///
/// Text cells are quoted when they hold a comma, a quote, CR or LF (quotes doubled), and a
/// text cell that a spreadsheet would run as a formula — one starting with `=`, `+`, `-`,
/// `@`, a tab or CR (OWASP's list) — is neutralised with a leading `'`. Numbers the report
/// computes are written as they are (a negative point total stays a number).
package enum CSV {
    /// A text cell.
    package static func text(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return cell
        }
        var quoted = "\""
        for character in cell { quoted += character == "\"" ? "\"\"" : String(character) }
        return quoted + "\""
    }

    /// One record: cells joined by commas (each already a ``text(_:)`` or a number).
    package static func record(_ cells: [String]) -> String { cells.joined(separator: ",") }
}
