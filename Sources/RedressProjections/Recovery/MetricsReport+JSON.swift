public import RedressDomain

extension MetricsReport {
    /// The SPEC 5 JSON object, keys in the spec's order.
    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 8192)
        w.beginMonthReport(month: month, timezone: timezone, asOfPosition: asOfPosition)
        Self.writeGroupMembers(all, to: &w)
        for (name, groups) in [("by_channel", byChannel), ("by_category", byCategory), ("by_severity", bySeverity)] {
            w.raw(",")
            w.string(name)
            w.raw(":{")
            for (i, entry) in groups.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(entry.key)
                w.raw(":{")
                var inner = CanonicalJSONWriter()
                Self.writeGroupMembers(entry.group, to: &inner)
                w.bytes.append(contentsOf: inner.bytes.dropFirst())  // drop the leading comma
                w.raw("}")
            }
            w.raw("}")
        }
        w.raw("}")
        return w.text
    }

    /// Writes a group's members (`complaints`, `open`, `reopened`, `paused`, each duration metric,
    /// `satisfaction`) without the braces around them: the same members for the month and every breakdown.
    public static func writeGroupMembers(_ g: MetricsGroup, to w: inout CanonicalJSONWriter) {
        w.key("complaints")
        w.integer(g.complaints)
        w.key("open")
        w.integer(g.open)
        w.key("reopened")
        w.integer(g.reopened)
        w.key("paused")
        w.integer(g.paused)
        for metric in DurationMetric.allCases {
            w.key(named: metric.rawValue)
            writeDuration(g[metric], to: &w)
        }
        w.key("satisfaction")
        w.raw("{")
        let s = g.satisfaction
        w.key("responses", first: true)
        w.integer(s.responses)
        w.key("mean")
        w.raw(s.meanText() ?? "null")
        w.key("csat_percent")
        w.raw(s.csatText() ?? "null")
        w.raw("}")
    }

    /// Milliseconds as JSON seconds (`12.5`), or `null` for `nil`.
    public static func seconds(_ ms: Int64?) -> String { ms.map { SecondsText.json(milliseconds: $0) } ?? "null" }

    /// Writes one duration metric's object: its statistics and, for a metric with a target, its SLA counts.
    public static func writeDuration(_ d: DurationFigures, to w: inout CanonicalJSONWriter) {
        w.raw("{")
        writeStatistics(
            DurationStatistics(n: d.n, p50: d.p50, p90: d.p90, p99: d.p99, max: d.max, mean: d.mean), to: &w)
        if let sla = d.sla {
            w.key("sla_seconds")
            w.integer(sla.seconds)
            w.key("sla_clock")
            w.string(sla.clock.rawValue)
            w.key("sla_met")
            w.integer(sla.met)
            w.key("sla_breached")
            w.integer(sla.breached)
            w.key("sla_pending")
            w.integer(sla.pending)
            w.key("sla_elapsed")
            w.raw("{")
            writeStatistics(sla.elapsed, to: &w)
            w.raw("}")
        }
        w.raw("}")
    }

    /// `n` and the `*_seconds` statistics, `n` first (the caller opened the object).
    static func writeStatistics(_ s: DurationStatistics, to w: inout CanonicalJSONWriter) {
        w.key("n", first: true)
        w.integer(s.n)
        w.key("p50_seconds")
        w.raw(seconds(s.p50))
        w.key("p90_seconds")
        w.raw(seconds(s.p90))
        w.key("p99_seconds")
        w.raw(seconds(s.p99))
        w.key("max_seconds")
        w.raw(seconds(s.max))
        w.key("mean_seconds")
        w.raw(seconds(s.mean))
    }
}
