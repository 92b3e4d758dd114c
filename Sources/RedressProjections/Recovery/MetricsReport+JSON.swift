import RedressDomain

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

    public static func writeGroupMembers(_ g: MetricsGroup, to w: inout CanonicalJSONWriter) {
        w.key("complaints")
        w.integer(g.complaints)
        w.key("open")
        w.integer(g.open)
        w.key("reopened")
        w.integer(g.reopened)
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

    public static func seconds(_ ms: Int64?) -> String { ms.map { SecondsText.json(milliseconds: $0) } ?? "null" }

    public static func writeDuration(_ d: DurationFigures, to w: inout CanonicalJSONWriter) {
        w.raw("{")
        w.key("n", first: true)
        w.integer(d.n)
        w.key("p50_seconds")
        w.raw(seconds(d.p50))
        w.key("p90_seconds")
        w.raw(seconds(d.p90))
        w.key("p99_seconds")
        w.raw(seconds(d.p99))
        w.key("max_seconds")
        w.raw(seconds(d.max))
        w.key("mean_seconds")
        w.raw(seconds(d.mean))
        if let sla = d.sla {
            w.key("sla_seconds")
            w.integer(sla.seconds)
            w.key("sla_met")
            w.integer(sla.met)
            w.key("sla_breached")
            w.integer(sla.breached)
            w.key("sla_pending")
            w.integer(sla.pending)
        }
        w.raw("}")
    }
}
