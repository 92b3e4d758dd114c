import RedressDomain
import RedressProjections

extension MetricsReport {
    /// One CSV row per group: the month first, then each breakdown value.
    public func csv() -> String {
        var header = ["group", "value", "complaints", "open", "reopened"]
        for m in ["acknowledge", "compensate", "close", "final_close", "follow_up"] {
            header += ["n", "p50_seconds", "p90_seconds", "p99_seconds", "max_seconds", "mean_seconds"].map { "\(m)_\($0)" }
            if m == "acknowledge" || m == "close" { header += ["sla_seconds", "sla_met", "sla_breached", "sla_pending"].map { "\(m)_\($0)" } }
        }
        header += ["satisfaction_responses", "satisfaction_mean", "csat_percent"]
        var lines = [header.joined(separator: ",")]
        func row(_ group: String, _ value: String, _ g: MetricsGroup) {
            var cells = [CSV.text(group), CSV.text(value), "\(g.complaints)", "\(g.open)", "\(g.reopened)"]
            for d in [g.acknowledge, g.compensate, g.close, g.finalClose, g.followUp] {
                cells.append("\(d.n)")
                cells += [d.p50, d.p90, d.p99, d.max, d.mean].map { $0.map { SecondsText.json(milliseconds: $0) } ?? "" }
                if let sla = d.sla { cells += ["\(sla.seconds)", "\(sla.met)", "\(sla.breached)", "\(sla.pending)"] }
            }
            let s = g.satisfaction
            cells += ["\(s.responses)",
                      s.responses == 0 ? "" : DecimalText.ratio(Int64(s.sum), Int64(s.responses), places: ReportPrecision.ratingPlaces),
                      s.responses == 0 ? "" : DecimalText.ratio(Int64(100 * s.satisfied), Int64(s.responses), places: ReportPrecision.percentPlaces)]
            lines.append(CSV.record(cells))
        }
        row("month", month, all)
        for (k, g) in byChannel { row("channel", k, g) }
        for (k, g) in byCategory { row("category", k, g) }
        for (k, g) in bySeverity { row("severity", k, g) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table for a person: durations as `2h 05m`, aligned columns.
    public func table() -> String {
        func d(_ ms: Int64?) -> String { ms.map { DurationText.format(milliseconds: $0) } ?? "—" }
        var out = "Recovery metrics for \(month) (\(timezone)), as of position \(asOfPosition)\n"
        out += "complaints \(all.complaints) · open \(all.open) · reopened \(all.reopened)\n\n"
        let header = [("metric", 12), ("n", 7), ("p50", 9), ("p90", 9), ("p99", 9), ("max", 9), ("mean", 9), ("SLA", 8), ("met", 7), ("breached", 9), ("pending", 7)]
        out += header.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        for (name, f) in [("acknowledge", all.acknowledge), ("compensate", all.compensate), ("close", all.close),
                          ("final_close", all.finalClose), ("follow_up", all.followUp)] {
            var cells = [(name, 12), ("\(f.n)", 7), (d(f.p50), 9), (d(f.p90), 9), (d(f.p99), 9), (d(f.max), 9), (d(f.mean), 9)]
            if let sla = f.sla {
                cells += [(d(sla.seconds * 1000), 8), ("\(sla.met)", 7), ("\(sla.breached)", 9), ("\(sla.pending)", 7)]
            }
            out += cells.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        out += "satisfaction: \(Self.satisfactionLine(all.satisfaction))\n"
        for (title, groups) in [("channel", byChannel), ("category", byCategory), ("severity", bySeverity)] {
            out += "\nby \(title)\n"
            let columns = [(title, 10), ("complaints", 10), ("open", 6), ("reopened", 8), ("ack p50", 9), ("ack p90", 9), ("ack SLA met", 11),
                           ("close p50", 9), ("close p90", 9), ("close SLA met", 13), ("CSAT", 7)]
            out += columns.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            for (key, g) in groups {
                let ackSLA = g.acknowledge.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let closeSLA = g.close.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let csat = g.satisfaction.responses == 0 ? "—" : DecimalText.ratio(Int64(100 * g.satisfaction.satisfied), Int64(g.satisfaction.responses), places: 1) + "%"
                let cells = [(key, 10), ("\(g.complaints)", 10), ("\(g.open)", 6), ("\(g.reopened)", 8), (d(g.acknowledge.p50), 9), (d(g.acknowledge.p90), 9),
                             (ackSLA, 11), (d(g.close.p50), 9), (d(g.close.p90), 9), (closeSLA, 13), (csat, 7)]
                out += cells.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            }
        }
        return out
    }

    static func satisfactionLine(_ s: SatisfactionFigures) -> String {
        guard s.responses > 0 else { return "no responses" }
        return "\(s.responses) responses · mean \(DecimalText.ratio(Int64(s.sum), Int64(s.responses), places: 2)) · CSAT \(DecimalText.ratio(Int64(100 * s.satisfied), Int64(s.responses), places: 1))%"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
