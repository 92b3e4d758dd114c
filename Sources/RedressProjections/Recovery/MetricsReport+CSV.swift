import RedressDomain

extension MetricsReport {
    /// One CSV row per group: the month first, then each breakdown value.
    public func csv() -> String {
        var header = ["group", "value", "complaints", "open", "reopened"]
        for m in DurationMetric.allCases {
            header += ["n", "p50_seconds", "p90_seconds", "p99_seconds", "max_seconds", "mean_seconds"].map {
                "\(m.rawValue)_\($0)"
            }
            if m.hasSLA {
                header += ["sla_seconds", "sla_met", "sla_breached", "sla_pending"].map { "\(m.rawValue)_\($0)" }
            }
        }
        header += ["satisfaction_responses", "satisfaction_mean", "csat_percent"]
        var lines = [header.joined(separator: ",")]
        func row(_ group: String, _ value: String, _ g: MetricsGroup) {
            var cells = [CSV.text(group), CSV.text(value), "\(g.complaints)", "\(g.open)", "\(g.reopened)"]
            for d in DurationMetric.allCases.map({ g[$0] }) {
                cells.append("\(d.n)")
                cells += [d.p50, d.p90, d.p99, d.max, d.mean].map {
                    $0.map { SecondsText.json(milliseconds: $0) } ?? ""
                }
                if let sla = d.sla { cells += ["\(sla.seconds)", "\(sla.met)", "\(sla.breached)", "\(sla.pending)"] }
            }
            let s = g.satisfaction
            cells += ["\(s.responses)", s.meanText() ?? "", s.csatText() ?? ""]
            lines.append(CSV.record(cells))
        }
        row("month", month, all)
        for (k, g) in byChannel { row("channel", k, g) }
        for (k, g) in byCategory { row("category", k, g) }
        for (k, g) in bySeverity { row("severity", k, g) }
        return lines.joined(separator: "\n") + "\n"
    }
}
