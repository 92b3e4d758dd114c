import RedressDomain

extension MetricsReport {
    /// A table for a person: durations as `2h 05m`, numbers right-aligned, at most 100 columns.
    public func table() -> String {
        func d(_ ms: Int64?) -> String { ms.map { DurationText.format(milliseconds: $0) } ?? "—" }
        /// Cells laid out by (width, right-aligned) columns, trailing spaces trimmed.
        func row(_ cells: [String], _ columns: [(Int, Bool)]) -> String {
            zip(cells, columns).map { cell, column in
                column.1 ? TextWidth.padLeft(cell, column.0) : TextWidth.pad(cell, column.0)
            }
            .joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        var out = "Recovery metrics for \(month) (\(timezone)), as of position \(asOfPosition)\n"
        out += "complaints \(all.complaints) · open \(all.open) · reopened \(all.reopened) · paused \(all.paused)\n"
        out += "SLA clock: \(slaClockText)\n\n"
        let main: [(Int, Bool)] = [
            (11, false), (6, true), (9, true), (9, true), (9, true), (9, true), (9, true), (7, true), (6, true),
            (8, true), (7, true),
        ]
        out += row(["metric", "n", "p50", "p90", "p99", "max", "mean", "SLA", "met", "breached", "pending"], main)
        // Durations are elapsed time; the SLA columns count on the SLA clock, whose p50 the row under
        // each SLA metric gives when it is not plain elapsed time.
        for metric in DurationMetric.allCases {
            let f = all[metric]
            var cells = [metric.rawValue, "\(f.n)", d(f.p50), d(f.p90), d(f.p99), d(f.max), d(f.mean)]
            if let sla = f.sla { cells += [d(sla.seconds * 1000), "\(sla.met)", "\(sla.breached)", "\(sla.pending)"] }
            out += row(cells, main)
            if let e = f.sla?.elapsed, slaClockIsElapsedTime == false {
                out += row(["  on clock", "\(e.n)", d(e.p50), d(e.p90), d(e.p99), d(e.max), d(e.mean)], main)
            }
        }
        out += "satisfaction: \(Self.satisfactionLine(all.satisfaction))\n"
        let breakdown: [(Int, Bool)] = [
            (10, false), (5, true), (5, true), (8, true), (8, true), (8, true), (9, true), (9, true),
            (9, true), (9, true), (6, true),
        ]
        for (title, groups) in [("channel", byChannel), ("category", byCategory), ("severity", bySeverity)] {
            out += "\nby \(title)\n"
            out += row(
                [
                    title, "n", "open", "reopened", "ack p50", "ack p90", "ack SLA", "close p50", "close p90",
                    "close SLA", "CSAT",
                ], breakdown)
            for (key, g) in groups {
                let ackSLA = g.acknowledge.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let closeSLA = g.close.sla.map { "\($0.met)/\(g.complaints)" } ?? ""
                let csat = g.satisfaction.csatText(places: 1).map { $0 + "%" } ?? "—"
                out += row(
                    [
                        key, "\(g.complaints)", "\(g.open)", "\(g.reopened)", d(g.acknowledge.p50),
                        d(g.acknowledge.p90), ackSLA,
                        d(g.close.p50), d(g.close.p90), closeSLA, csat,
                    ], breakdown)
            }
        }
        out += "\n(ack SLA and close SLA: complaints that met the target, of all received; n: complaints received)\n"
        out += "(SLA figures count on the SLA clock, paused time not counted; on clock: their times on it)\n"
        return out
    }

    static func satisfactionLine(_ s: SatisfactionFigures) -> String {
        guard let mean = s.meanText(places: 2), let csat = s.csatText(places: 1) else { return "no responses" }
        return "\(s.responses) responses · mean \(mean) · CSAT \(csat)%"
    }
}

extension MetricsReport {
    /// Whether the SLA clock is plain elapsed time (the calendar clock, and nothing paused), so that the
    /// table need not repeat its statistics.
    var slaClockIsElapsedTime: Bool {
        all.acknowledge.sla?.elapsed == DurationStatistics(samplesOf: all.acknowledge)
            && all.close.sla?.elapsed == DurationStatistics(samplesOf: all.close)
    }
}

extension DurationStatistics {
    /// The statistics a duration metric reports.
    init(samplesOf d: DurationFigures) {
        self.init(n: d.n, p50: d.p50, p90: d.p90, p99: d.p99, max: d.max, mean: d.mean)
    }
}
