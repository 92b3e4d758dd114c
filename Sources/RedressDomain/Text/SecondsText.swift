/// Seconds as a JSON number with at most millisecond precision: `3600`, `12.5`, `0.001`.
public enum SecondsText {
    /// `milliseconds` / 1000 with at most three fraction digits, trailing zeros dropped, never exponent notation.
    public static func json(milliseconds: Int64) -> String { DecimalText.ratio(milliseconds, 1000, places: 3) }
}
