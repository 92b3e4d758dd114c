/// Text made safe to show on a terminal: every control character is rendered visibly.
///
/// Complaint text comes from customers and channels, so it can carry escape sequences
/// (`ESC[2J` clears a screen, OSC 0 sets a window title, OSC 8 makes a link) or bidi
/// overrides that reorder what an auditor reads. Text output and error messages pass
/// through ``render(_:)``; JSON output escapes them by its own rules instead.
public enum VisibleText {
    /// `text` with `\n`, `\r`, `\t` and other C0, DEL and C1 controls shown as escapes
    /// (`\x1B`), and line separators and bidi controls as `\u{202E}`.
    public static func render(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            let escaped: String
            switch scalar {
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped = scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }

    /// C0, DEL, C1, the line and paragraph separators, and the bidi embedding, override and isolate controls.
    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return true
        default: return false
        }
    }
}
