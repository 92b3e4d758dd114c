/// Exact decimal text for figures that are ratios of integers, so that reports are
/// byte-for-byte reproducible: no floating point anywhere.
public enum DecimalText {
    /// `numerator / denominator` rounded half away from zero to `places` digits, trailing
    /// zeros (and a bare point) removed: `7/2 → "3.5"`, `10/5 → "2"`, `2/3 (4) → "0.6667"`.
    public static func ratio(_ numerator: Int64, _ denominator: Int64, places: Int) -> String {
        precondition(denominator != 0)
        let negative = (numerator < 0) != (denominator < 0) && numerator != 0
        let n = numerator.magnitude
        let d = denominator.magnitude
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let (scaled, overflow) = n.multipliedReportingOverflow(by: scale)
        let total: UInt64
        if overflow {
            // Very large numerators: fall back to splitting whole and fraction parts.
            let whole = n / d
            let rest = n % d
            total = whole * scale + (rest * scale + d / 2) / d
        } else {
            total = (scaled + d / 2) / d
        }
        let whole = total / scale
        var fraction = total % scale
        var digits = places
        while digits > 0 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let sign = negative && total != 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        let text = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: digits - text.count))\(text)"
    }
}
