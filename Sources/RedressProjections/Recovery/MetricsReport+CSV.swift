import RedressDomain

extension MetricsReport {
    /// One CSV row per group: the month first, then each breakdown value.
    public func csv() -> String {
        var header = ["group", "value", "complaints", "open", "reopened", "paused"]
        let statistics = ["n", "p50_seconds", "p90_seconds", "p99_seconds", "max_seconds", "mean_seconds"]
        for m in DurationMetric.allCases {
            header += statistics.map { "\(m.rawValue)_\($0)" }
            if m.hasSLA {
                header += ["sla_seconds", "sla_clock", "sla_met", "sla_breached", "sla_pending"].map {
                    "\(m.rawValue)_\($0)"
                }
                header += statistics.map { "\(m.rawValue)_sla_elapsed_\($0)" }
            }
        }
        header += ["satisfaction_responses", "satisfaction_mean", "csat_percent"]
        var lines = [header.joined(separator: ",")]
        func row(_ group: String, _ value: String, _ g: MetricsGroup) {
            var cells = [
                CSV.text(group), CSV.text(value), "\(g.complaints)", "\(g.open)", "\(g.reopened)", "\(g.paused)",
            ]
            func statistics(_ n: Int, _ values: [Int64?]) {
                cells.append("\(n)")
                cells += values.map { $0.map { SecondsText.json(milliseconds: $0) } ?? "" }
            }
            for d in DurationMetric.allCases.map({ g[$0] }) {
                statistics(d.n, [d.p50, d.p90, d.p99, d.max, d.mean])
                if let sla = d.sla {
                    cells += [
                        "\(sla.seconds)", sla.clock.rawValue, "\(sla.met)", "\(sla.breached)", "\(sla.pending)",
                    ]
                    let e = sla.elapsed
                    statistics(e.n, [e.p50, e.p90, e.p99, e.max, e.mean])
                }
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
