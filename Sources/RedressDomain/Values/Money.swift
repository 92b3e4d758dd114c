/// A non-negative decimal amount with at most two fraction digits, never a float.
///
/// Kept as its text (`"15000"`, `"12.50"`) and as an integer count of hundredths.
public struct Money: Sendable, Hashable {
    /// The amount exactly as written (`"12.5"` stays `"12.5"`): what the ledger stores and hashes.
    public let text: String
    /// The amount × 100, exact.
    public let hundredths: Int64

    /// Parses `digits[.d[d]]`; leading zeros are allowed only for "0" itself.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var i = 0
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            whole = whole * 10 + Int64(bytes[i] - 0x30)
            i += 1
        }
        guard i > 0, !(i > 1 && bytes[0] == 0x30) else { return nil }
        if i < bytes.count {
            guard bytes[i] == 0x2E else { return nil }
            let digits = bytes[(i + 1)...]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            for d in digits { fraction = fraction * 10 + Int64(d - 0x30) }
            if digits.count == 1 { fraction *= 10 }
        }
        guard whole <= 9_000_000_000_000_000 / 100 else { return nil }
        self.text = text
        self.hundredths = whole * 100 + fraction
    }
}
