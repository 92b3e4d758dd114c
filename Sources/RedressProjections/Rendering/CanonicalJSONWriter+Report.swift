import RedressDomain

extension CanonicalJSONWriter {
    /// Opens a month's report object with the members every report starts with (SPEC 5):
    /// `{"month":…,"timezone":…,"as_of_position":…`; the caller writes the rest and the closing brace.
    mutating func beginMonthReport(month: String, timezone: String, asOfPosition: Int64) {
        raw("{")
        key("month", first: true)
        string(month)
        key("timezone")
        string(timezone)
        key("as_of_position")
        integer(asOfPosition)
    }
}
