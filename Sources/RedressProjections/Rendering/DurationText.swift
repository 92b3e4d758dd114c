/// Human durations: `45s`, `12m 30s`, `2h 05m`, `3d 04h`.
public enum DurationText {
    /// Whole seconds (milliseconds cut off) in at most two units, as above; a negative duration gets `-`.
    public static func format(milliseconds: Int64) -> String {
        let negative = milliseconds < 0
        let total = abs(milliseconds) / 1000
        let text: String
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if total < 60 {
            text = "\(total)s"
        } else if total < 3600 {
            text = "\(total / 60)m \(two(total % 60))s"
        } else if total < 86_400 {
            text = "\(total / 3600)h \(two(total / 60 % 60))m"
        } else {
            text = "\(total / 86_400)d \(two(total / 3600 % 24))h"
        }
        return negative ? "-" + text : text
    }
}
