import RedressProjections

extension MonthPage {
    func trendSection() -> String {
        let l = language
        var out = "<section><h2>\(e(l.label(.trend)))</h2>\n<p class=\"note\">\(e(l.label(.trendNote)))</p>\n"
        func share(_ report: MetricsReport, _ metric: DurationMetric) -> Double? {
            let g = report.all
            guard g.complaints > 0, let met = g[metric].sla?.met else { return nil }
            return Double(met) * 100 / Double(g.complaints)
        }
        func csat(_ report: MetricsReport) -> Double? {
            let s = report.all.satisfaction
            return s.responses == 0 ? nil : Double(s.satisfied) * 100 / Double(s.responses)
        }
        let series = [
            SVGChart.Series(name: l.label(.ackSLAMet), values: trend.map { share($0, .acknowledge) }),
            SVGChart.Series(name: l.label(.closeSLAMet), values: trend.map { share($0, .close) }),
            SVGChart.Series(name: l.label(.csat), values: trend.map(csat)),
        ]
        let months = trend.map { l.shortMonth($0.month) }
        let description = series.map { line in
            line.name + ": "
                + zip(months, line.values).map { "\($0) \($1.map { SVGChart.n($0) + "%" } ?? "—")" }
                .joined(separator: ", ")
        }.joined(separator: "; ")
        out +=
            "<figure>"
            + SVGChart.percentLines(
                title: l.label(.trend), description: description, xLabels: months, yLabel: l.label(.percentAxis),
                series: series)
        out += "<figcaption>\(e(l.label(.trend)))</figcaption></figure>\n"
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.month)))</th><th>\(e(l.label(.complaints)))</th>"
        out += "<th>\(e(l.label(.open)))</th><th>\(e(l.label(.reopened)))</th><th>\(e(l.label(.ackSLAMet)))</th>"
        out += "<th>\(e(l.label(.closeSLAMet)))</th><th>\(e(l.label(.csat)))</th>"
        out += "<th>\(e(l.label(.acknowledge))) \(e(l.label(.p50)))</th>"
        out += "<th>\(e(l.label(.close))) \(e(l.label(.p50)))</th></tr></thead><tbody>\n"
        for report in trend {
            let g = report.all
            let source = "metrics:\(report.month)"
            out += "<tr><th scope=\"row\">\(e(l.shortMonth(report.month)))</th>"
            out += cell(l.count(g.complaints), source: source, pointer: "/complaints", value: "\(g.complaints)")
            out += cell(l.count(g.open), source: source, pointer: "/open", value: "\(g.open)")
            out += cell(l.count(g.reopened), source: source, pointer: "/reopened", value: "\(g.reopened)")
            for metric in [DurationMetric.acknowledge, .close] {
                let met = g[metric].sla?.met ?? 0
                out += cell(
                    percent(met, of: g.complaints), source: source, pointer: "/\(metric.rawValue)/sla_met",
                    value: "\(met)")
            }
            out += cell(
                g.satisfaction.csatText(places: 1).map { $0 + "%" } ?? "—", source: source,
                pointer: "/satisfaction/csat_percent", value: g.satisfaction.csatText() ?? "null")
            for metric in [DurationMetric.acknowledge, .close] {
                out += cell(
                    l.duration(g[metric].p50), source: source, pointer: "/\(metric.rawValue)/p50_seconds",
                    value: secondsValue(g[metric].p50))
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }
}
