import RedressDomain
import RedressProjections

extension MetricsReport {
    /// One CSV row per group: the month first, then each breakdown value.
    public func csv() -> String {
        var header = ["group", "value", "complaints", "open", "reopened"]
        for m in DurationMetric.allCases {
            header += ["n", "p50_seconds", "p90_seconds", "p99_seconds", "max_seconds", "mean_seconds"].map { "\(m.rawValue)_\($0)" }
            if m.hasSLA { header += ["sla_seconds", "sla_met", "sla_breached", "sla_pending"].map { "\(m.rawValue)_\($0)" } }
        }
        header += ["satisfaction_responses", "satisfaction_mean", "csat_percent"]
        var lines = [header.joined(separator: ",")]
        func row(_ group: String, _ value: String, _ g: MetricsGroup) {
            var cells = [CSV.text(group), CSV.text(value), "\(g.complaints)", "\(g.open)", "\(g.reopened)"]
            for d in DurationMetric.allCases.map({ g[$0] }) {
                cells.append("\(d.n)")
                cells += [d.p50, d.p90, d.p99, d.max, d.mean].map { $0.map { SecondsText.json(milliseconds: $0) } ?? "" }
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

    /// A table for a person: durations as `2h 05m`, numbers right-aligned, at most 100 columns.
    public func table() -> String {
        func d(_ ms: Int64?) -> String { ms.map { DurationText.format(milliseconds: $0) } ?? "—" }
        /// Cells laid out by (width, right-aligned) columns, trailing spaces trimmed.
        func row(_ cells: [String], _ columns: [(Int, Bool)]) -> String {
            zip(cells, columns).map { cell, column in column.1 ? TextWidth.padLeft(cell, column.0) : TextWidth.pad(cell, column.0) }
                .joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        var out = "Recovery metrics for \(month) (\(timezone)), as of position \(asOfPosition)\n"
        out += "complaints \(all.complaints) · open \(all.open) · reopened \(all.reopened)\n\n"
        let main: [(Int, Bool)] = [(11, false), (6, true), (9, true), (9, true), (9, true), (9, true), (9, true), (7, true), (6, true),
                                   (8, true), (7, true)]
        out += row(["metric", "n", "p50", "p90", "p99", "max", "mean", "SLA", "met", "breached", "pending"], main)
        for metric in DurationMetric.allCases {
            let f = all[metric]
            var cells = [metric.rawValue, "\(f.n)", d(f.p50), d(f.p90), d(f.p99), d(f.max), d(f.mean)]
            if let sla = f.sla { cells += [d(sla.seconds * 1000), "\(sla.met)", "\(sla.breached)", "\(sla.pending)"] }
            out += row(cells, main)
        }
        out += "satisfaction: \(Self.satisfactionLine(all.satisfaction))\n"
        let breakdown: [(Int, Bool)] = [(10, false), (5, true), (5, true), (8, true), (8, true), (8, true), (9, true), (9, true),
                                        (9, true), (9, true), (6, true)]
        for (title, groups) in [("channel", byChannel), ("category", byCategory), ("severity", bySeverity)] {
            out += "\nby \(title)\n"
            out += row([title, "n", "open", "reopened", "ack p50", "ack p90", "ack SLA", "close p50", "close p90", "close SLA", "CSAT"], breakdown)
            for (key, g) in groups {
                let ackSLA = g.acknowledge.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let closeSLA = g.close.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let csat = g.satisfaction.csatText(places: 1).map { $0 + "%" } ?? "—"
                out += row([key, "\(g.complaints)", "\(g.open)", "\(g.reopened)", d(g.acknowledge.p50), d(g.acknowledge.p90), ackSLA,
                            d(g.close.p50), d(g.close.p90), closeSLA, csat], breakdown)
            }
        }
        out += "\n(ack SLA and close SLA: complaints that met the target, of all received; n: complaints received)\n"
        return out
    }

    static func satisfactionLine(_ s: SatisfactionFigures) -> String {
        guard let mean = s.meanText(places: 2), let csat = s.csatText(places: 1) else { return "no responses" }
        return "\(s.responses) responses · mean \(mean) · CSAT \(csat)%"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
