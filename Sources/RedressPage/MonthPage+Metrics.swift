import Foundation
import RedressDomain
import RedressProjections

extension MonthPage {
    // MARK: - Sections

    func headline() -> String {
        let l = language
        let g = metrics.all
        var out = "<section class=\"headline\"><h2>\(e(l.label(.headline)))</h2>\n"
        if g.complaints == 0 { out += "<p class=\"note\">\(e(l.label(.noComplaints)))</p>\n" }
        out += "<table class=\"cards\"><tr>"
        out += "<th>\(e(l.label(.complaints)))</th><th>\(e(l.label(.open)))</th><th>\(e(l.label(.reopened)))</th>"
        out += "<th>\(e(l.label(.ackSLAMet)))</th><th>\(e(l.label(.closeSLAMet)))</th><th>\(e(l.label(.csat)))</th>"
        out += "</tr>\n<tr class=\"big\">"
        out += cell(l.count(g.complaints), pointer: "/complaints", value: "\(g.complaints)")
        out += cell(l.count(g.open), pointer: "/open", value: "\(g.open)")
        out += cell(l.count(g.reopened), pointer: "/reopened", value: "\(g.reopened)")
        for (metric, figures) in [(DurationMetric.acknowledge, g.acknowledge), (.close, g.close)] {
            let met = figures.sla?.met ?? 0
            out += "<td class=\"num\"><span data-percent-of=\"/\(metric.rawValue)/sla_met /complaints\">"
            out += "\(e(percent(met, of: g.complaints)))</span><br><small>"
            out += "<span data-source=\"metrics\" data-json=\"/\(metric.rawValue)/sla_met\" data-value=\"\(met)\">"
            out += "\(l.count(met))</span> / \(l.count(g.complaints))</small></td>"
        }
        let csat = g.satisfaction.csatText()
        out += "<td class=\"num\"><span data-source=\"metrics\" data-json=\"/satisfaction/csat_percent\" "
        out += "data-value=\"\(csat ?? "null")\">\(e(g.satisfaction.csatText(places: 1).map { $0 + "%" } ?? "—"))"
        out += "</span><br><small>\(e(l.label(.meanRating))) <span data-source=\"metrics\" "
        out += "data-json=\"/satisfaction/mean\" data-value=\"\(g.satisfaction.meanText() ?? "null")\">"
        out += "\(e(g.satisfaction.meanText(places: 2) ?? "—"))</span> · "
        out += "<span data-source=\"metrics\" data-json=\"/satisfaction/responses\" "
        out += "data-value=\"\(g.satisfaction.responses)\">\(l.count(g.satisfaction.responses))</span> "
        out += "\(e(l.label(.responses)))</small></td>"
        out += "</tr></table>\n"
        out += "<table class=\"grid\"><thead><tr><th></th><th>\(e(l.label(.p50)))</th><th>\(e(l.label(.p90)))</th>"
        out += "<th>\(e(l.label(.target)))</th></tr></thead><tbody>\n"
        for (metric, label) in [(DurationMetric.acknowledge, PageLabel.acknowledge), (.close, .close)] {
            let f = g[metric]
            out += "<tr><th scope=\"row\">\(e(l.label(label)))</th>"
            out += cell(l.duration(f.p50), pointer: "/\(metric.rawValue)/p50_seconds", value: secondsValue(f.p50))
            out += cell(l.duration(f.p90), pointer: "/\(metric.rawValue)/p90_seconds", value: secondsValue(f.p90))
            let target = f.sla?.seconds
            out += cell(
                l.duration(target.map { $0 * 1000 }), pointer: "/\(metric.rawValue)/sla_seconds",
                value: target.map(String.init) ?? "null")
            out += "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// Upper edges (seconds) of the histogram's bins; the last bin is everything longer.
    static let binEdges: [Int64] = [
        300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 345_600, 604_800, 1_209_600,
    ]

    static func binLabels(_ language: PageLanguage) -> [String] {
        func label(_ seconds: Int64) -> String {
            language.units(DurationText.format(milliseconds: seconds * 1000).replacingZeroParts())
        }
        return binEdges.map { "≤" + label($0) } + [">" + label(binEdges.last!)]
    }

    /// Counts per bin: a duration goes in the first bin whose edge it does not pass (≤, as the SLA).
    static func histogram(_ samples: [Int64]) -> [Int] {
        var counts = [Int](repeating: 0, count: binEdges.count + 1)
        for ms in samples {
            let index = binEdges.firstIndex { SLA.isMet(milliseconds: ms, targetSeconds: $0) } ?? binEdges.count
            counts[index] += 1
        }
        return counts
    }

    /// Where `seconds` falls on the bins' axis (bin i spans i…i+1), interpolated logarithmically.
    static func axisPosition(seconds: Int64) -> Double {
        var lower = 60.0
        for (i, edge) in binEdges.enumerated() {
            let upper = Double(edge)
            if Double(seconds) <= upper {
                let s = max(Double(seconds), lower)
                return Double(i) + (log(s) - log(lower)) / (log(upper) - log(lower))
            }
            lower = upper
        }
        return Double(binEdges.count) + 0.5
    }

    func distribution() -> String {
        let l = language
        var out = "<section><h2>\(e(l.label(.distribution)))</h2>\n<p class=\"note\">"
        out += "\(e(l.label(.distributionNote)))</p>\n<div class=\"pair\">"
        var table = "<table class=\"grid\" data-histogram=\"acknowledge close\"><thead><tr>"
        table += "<th>\(e(l.label(.bin)))</th>"
        var columns: [[Int]] = []
        for (metric, label) in [(DurationMetric.acknowledge, PageLabel.acknowledge), (.close, .close)] {
            let counts = Self.histogram(metrics.samples[metric] ?? [])
            columns.append(counts)
            let target = metrics.all[metric].sla?.seconds
            let title = "\(l.label(label)): \(l.label(.distribution))"
            let description = zip(Self.binLabels(l), counts).map { "\($0): \($1)" }.joined(separator: ", ")
            out +=
                "<figure>"
                + SVGChart.histogram(
                    title: title, description: description, xLabel: l.label(.timeFromReceived),
                    yLabel: l.label(.complaintsAxis), binLabels: Self.binLabels(l), counts: counts,
                    targetIndex: target.map(Self.axisPosition(seconds:)),
                    targetLabel: "\(l.label(.target)) \(l.duration(target.map { $0 * 1000 }))")
            out += "<figcaption>\(e(title)) (n = \(l.count(metrics.samples[metric]?.count ?? 0)))</figcaption></figure>"
            table += "<th>\(e(l.label(label)))</th>"
        }
        out += "</div>\n<details><summary>\(e(l.label(.dataTable)))</summary>\n" + table + "</tr></thead><tbody>\n"
        for (i, label) in Self.binLabels(l).enumerated() {
            out += "<tr><th scope=\"row\">\(e(label))</th><td class=\"num\">\(columns[0][i])</td>"
            out += "<td class=\"num\">\(columns[1][i])</td></tr>\n"
        }
        return out + "</tbody></table></details></section>\n"
    }

    func slaBreakdowns() -> String {
        let l = language
        let parts = [l.label(.met), l.label(.breached), l.label(.pending)]
        var out = ""
        for (key, title, groups) in [
            ("by_channel", PageLabel.slaByChannel, metrics.byChannel),
            ("by_severity", .slaBySeverity, metrics.bySeverity),
        ] {
            out += "<section><h2>\(e(l.label(title)))</h2>\n<div class=\"pair\">"
            for (metric, label) in [(DurationMetric.acknowledge, PageLabel.acknowledge), (.close, .close)] {
                let rows = groups.map { entry -> SVGChart.StackedRow in
                    let sla = entry.group[metric].sla ?? SLAFigures(seconds: 0)
                    return SVGChart.StackedRow(label: l.value(entry.key), parts: [sla.met, sla.breached, sla.pending])
                }
                let chartTitle = "\(l.label(label)) — \(l.label(title))"
                let description = rows.map {
                    "\($0.label): "
                        + zip(parts, $0.parts).map { "\($0) \($1)" }
                        .joined(separator: ", ")
                }.joined(separator: "; ")
                out +=
                    "<figure>"
                    + SVGChart.stackedBars(
                        title: chartTitle, description: description, xLabel: l.label(.complaintsAxis), rows: rows,
                        partNames: parts)
                out += "<figcaption>\(e(chartTitle))</figcaption></figure>"
            }
            out += "</div>\n<details><summary>\(e(l.label(.dataTable)))</summary>\n<table class=\"grid\"><thead><tr>"
            out += "<th>\(e(l.label(key == "by_channel" ? .channel : .severity)))</th>"
            out += "<th>\(e(l.label(.complaints)))</th>"
            for label in [PageLabel.acknowledge, .close] {
                for part in parts { out += "<th>\(e(l.label(label))): \(e(part))</th>" }
            }
            out += "</tr></thead><tbody>\n"
            for entry in groups {
                let base = "/\(key)/\(entry.key)"
                out += "<tr><th scope=\"row\">\(e(l.value(entry.key)))</th>"
                out += cell(
                    l.count(entry.group.complaints), pointer: base + "/complaints", value: "\(entry.group.complaints)")
                for metric in [DurationMetric.acknowledge, .close] {
                    let sla = entry.group[metric].sla ?? SLAFigures(seconds: 0)
                    for (name, value) in [
                        ("sla_met", sla.met), ("sla_breached", sla.breached), ("sla_pending", sla.pending),
                    ] {
                        out += cell(l.count(value), pointer: "\(base)/\(metric.rawValue)/\(name)", value: "\(value)")
                    }
                }
                out += "</tr>\n"
            }
            out += "</tbody></table></details></section>\n"
        }
        return out
    }

    func satisfaction() -> String {
        let l = language
        var out = "<section><h2>\(e(l.label(.satisfactionByCategory)))</h2>\n"
        let rows = metrics.byCategory.map { entry -> (label: String, percent: Double?, note: String) in
            let s = entry.group.satisfaction
            let percent = s.responses == 0 ? nil : Double(s.satisfied) * 100 / Double(s.responses)
            let note =
                s.csatText(places: 1).map { "\($0)% · \(l.label(.meanRating)) \(s.meanText(places: 2) ?? "—")" }
                ?? "—"
            return (l.value(entry.key), percent, note)
        }
        let title = l.label(.satisfactionByCategory)
        out +=
            "<figure>"
            + SVGChart.percentBars(
                title: title, description: rows.map { "\($0.label): \($0.note)" }.joined(separator: "; "),
                xLabel: l.label(.csat), rows: rows)
        out += "<figcaption>\(e(title))</figcaption></figure>\n"
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.category)))</th><th>\(e(l.label(.responses)))</th>"
        out += "<th>\(e(l.label(.meanRating)))</th><th>\(e(l.label(.csat)))</th></tr></thead><tbody>\n"
        for entry in metrics.byCategory {
            let s = entry.group.satisfaction
            let base = "/by_category/\(entry.key)/satisfaction"
            out += "<tr><th scope=\"row\">\(e(l.value(entry.key)))</th>"
            out += cell(l.count(s.responses), pointer: base + "/responses", value: "\(s.responses)")
            out += cell(s.meanText(places: 2) ?? "—", pointer: base + "/mean", value: s.meanText() ?? "null")
            out += cell(
                s.csatText(places: 1).map { $0 + "%" } ?? "—", pointer: base + "/csat_percent",
                value: s.csatText() ?? "null")
            out += "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }
}
