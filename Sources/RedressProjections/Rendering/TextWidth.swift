/// Terminal display width of text, so that columns line up when they hold Korean.
///
/// Hangul syllables and Jamo, CJK ideographs, full-width forms and most emoji take
/// two columns; combining marks and zero-width characters take none; the rest one.
public enum TextWidth {
    /// The columns `text` takes: the sum of its scalars' widths.
    public static func of(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + of($1) } }

    /// 0, 1 or 2 columns, as the type's documentation says.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xA960...0xA97F).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// `text` cut to at most `width` columns (with `…` when cut) and padded with spaces to exactly `width`.
    public static func fit(_ text: String, _ width: Int) -> String {
        let flat = text.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : String($0) }.joined()
        var used = 0
        var out = ""
        if of(flat) <= width {
            out = flat
            used = of(flat)
        } else {
            for character in flat {
                let w = of(String(character))
                if used + w > width - 1 { break }
                out.append(character)
                used += w
            }
            out.append("…")
            used += 1
        }
        return out + String(repeating: " ", count: max(0, width - used))
    }

    /// `text` padded on the right to `width` columns (never cut).
    public static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// `text` padded on the left to `width` columns (never cut): numbers line up on their last digit.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - of(text))) + text
    }
}

extension String {
    /// The text without trailing spaces: table rows end where their last cell's text does.
    package func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
