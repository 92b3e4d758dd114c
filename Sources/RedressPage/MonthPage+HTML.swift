import Foundation
import RedressDomain
import RedressProjections
import RedressStore

extension MonthPage {
    /// The page as one self-contained HTML file: CSS and SVG inline, no script, no external file.
    ///
    /// Every figure in a table carries where it comes from, so a reader (or a test) can check it
    /// against the JSON reports: `data-source` (`metrics`, `rewards`, or `metrics:YYYY-MM` for a trend
    /// month), `data-json` (a JSON pointer into that object) and `data-value` (the JSON value's text).
    public func html() -> String {
        let l = language
        var out = "<!DOCTYPE html>\n<html lang=\"\(l.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(l.label(.pageTitle))) — \(e(l.monthName(metrics.month)))</title>\n"
        out += "<style>\(Self.css)</style>\n</head>\n<body>\n"
        out += "<header><h1>\(e(l.label(.pageTitle))) <span class=\"month\">\(e(l.monthName(metrics.month)))"
        out += "</span></h1>\n<p class=\"sub\">\(e(l.label(.asOf))) \(metrics.asOfPosition) · "
        out += "\(e(l.label(.timezone))) \(e(metrics.timezone))</p>\n"
        out += "<p class=\"sub clock\">\(e(l.label(.slaClock))): \(e(l.slaClockText(metrics)))</p></header>\n<main>\n"
        out += headline()
        out += distribution()
        out += slaBreakdowns()
        out += satisfaction()
        out += trendSection()
        out += rewardsSection()
        out += "</main>\n"
        out += footer()
        return out + "</body>\n</html>\n"
    }

    func e(_ text: String) -> String { SVGChart.escape(text) }

    /// A table cell holding a figure of a JSON report, with its provenance.
    func cell(_ display: String, source: String = "metrics", pointer: String, value: String, tag: String = "td")
        -> String
    {
        "<\(tag) class=\"num\" data-source=\"\(e(source))\" data-json=\"\(e(pointer))\" data-value=\"\(e(value))\">"
            + "\(e(display))</\(tag)>"
    }

    func secondsValue(_ ms: Int64?) -> String { ms.map { SecondsText.json(milliseconds: $0) } ?? "null" }

    /// `met / complaints` as a percentage with one decimal, or a dash.
    func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : DecimalText.ratio(Int64(part) * 100, Int64(whole), places: 1) + "%"
    }

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

    func rewardsSection() -> String {
        let l = language
        let s = statement
        var out = "<section class=\"rewards\"><h2>\(e(l.label(.rewards)))</h2>\n"
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.staff)))</th><th>\(e(l.label(.points)))</th>"
        out += "<th>\(e(l.label(.surveys)))</th><th>\(e(l.label(.index)))</th><th>\(e(l.label(.eligible)))</th>"
        out += "<th>\(e(l.label(.amount))) (\(e(s.currency)))</th></tr></thead><tbody>\n"
        for (i, line) in s.staff.enumerated() {
            let base = "/staff/\(i)"
            out += "<tr><th scope=\"row\">\(e(line.staff))</th>"
            out += cell(l.count(line.points), source: "rewards", pointer: base + "/points", value: "\(line.points)")
            out += cell(l.count(line.surveys), source: "rewards", pointer: base + "/surveys", value: "\(line.surveys)")
            out += cell(
                line.indexText ?? "—", source: "rewards", pointer: base + "/satisfaction_index",
                value: line.indexText ?? "null")
            out += cell(
                l.label(line.eligible ? .yes : .no), source: "rewards", pointer: base + "/eligible",
                value: line.eligible ? "true" : "false")
            out += cell(
                l.money(line.amount, currency: s.currency), source: "rewards", pointer: base + "/amount",
                value: "\(line.amount)")
            out += "</tr>\n"
        }
        out += "</tbody></table>\n"
        if s.staff.isEmpty { out += "<p class=\"note\">\(e(l.label(.noStaff)))</p>\n" }
        for (i, line) in s.staff.enumerated() where !line.items.isEmpty {
            out += "<details><summary>\(e(line.staff)): \(e(l.label(.credits)))</summary>\n"
            out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.position)))</th>"
            out += "<th>\(e(l.label(.complaint)))</th><th>\(e(l.label(.rule)))</th><th>\(e(l.label(.points)))</th>"
            out += "</tr></thead><tbody>\n"
            for (j, item) in line.items.enumerated() {
                let base = "/staff/\(i)/items/\(j)"
                out +=
                    "<tr>"
                    + cell(
                        "\(item.position)", source: "rewards", pointer: base + "/position", value: "\(item.position)")
                out += "<td>\(e(item.complaintID))</td><td>\(e(item.rule.rawValue))</td>"
                out += cell(
                    (item.points > 0 ? "+" : "") + "\(item.points)", source: "rewards", pointer: base + "/points",
                    value: "\(item.points)")
                out += "</tr>\n"
            }
            out += "</tbody></table></details>\n"
        }
        out += issuedSection()
        return out + "</section>\n"
    }

    func issuedSection() -> String {
        let l = language
        guard let diff = issued else { return "<p class=\"issued\">\(e(l.label(.notIssued)))</p>\n" }
        var out = "<p class=\"issued\">\(e(l.label(.issued))): \(e(l.label(.asOf))) \(diff.issued.asOfPosition) · "
        out += "\(e(l.label(.statementDigest))) <code>\(e(diff.issued.statementSHA256))</code></p>\n"
        out += "<h3>\(e(l.label(.lateEvents)))</h3>\n"
        let changes = diff.changes
        guard !changes.isEmpty else { return out + "<p class=\"note\">\(e(l.label(.noLateChanges)))</p>\n" }
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.staff)))</th>"
        for label in [PageLabel.points, .amount, .eligible] {
            out += "<th>\(e(l.label(label))) (\(e(l.label(.perStaffChange))))</th>"
        }
        out += "<th>\(e(l.label(.position)))</th></tr></thead><tbody>\n"
        let currency = diff.after.currency
        for change in changes {
            let before = change.before
            let after = change.after
            out += "<tr><th scope=\"row\">\(e(change.staff))</th>"
            out += "<td class=\"num\">\(l.count(before?.points ?? 0)) → \(l.count(after?.points ?? 0))</td>"
            out += "<td class=\"num\">\(e(l.money(before?.amount ?? 0, currency: currency))) → "
            out += "\(e(l.money(after?.amount ?? 0, currency: currency)))</td>"
            out += "<td>\(e(l.label(before?.eligible == true ? .yes : .no))) → "
            out += "\(e(l.label(after?.eligible == true ? .yes : .no)))</td>"
            out += "<td>\(change.lateItems.map { "\($0.position)" }.joined(separator: ", "))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func footer() -> String {
        let l = language
        var out = "<footer><h2>\(e(l.label(.footer)))</h2>\n<dl>\n"
        out += "<dt>\(e(l.label(.head)))</dt><dd>\(metrics.asOfPosition)</dd>\n"
        if let head, head.position == metrics.asOfPosition {
            out += "<dt>\(e(l.label(.headRoot)))</dt><dd><code>\(Hex.encode(head.root))</code></dd>\n"
            if let note = head.signedNote {
                out += "<dt>\(e(l.label(.signedHead)))</dt><dd><pre>\(e(note))</pre></dd>\n"
            }
        }
        out += "<dt>\(e(l.label(.policy)))</dt><dd><code>\(e(policySHA256))</code></dd>\n"
        out += "<dt>\(e(l.label(.reproduce)))</dt><dd><code>\(e(command))</code></dd>\n"
        out += "</dl>\n<p class=\"note\">\(e(l.label(.generatedBy))) \(e(RedressVersion.text))</p></footer>\n"
        return out
    }

    /// Print-ready on A4; CJK fonts first in the stack so Hangul never falls back to boxes.
    static let css = """
        @page { size: A4; margin: 14mm 12mm; }
        body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", \
        "Noto Sans", "DejaVu Sans", sans-serif; color: #111; margin: 0 auto; max-width: 1180px; padding: 16px; \
        font-size: 13px; line-height: 1.45; }
        h1 { font-size: 24px; margin: 0; } h1 .month { font-weight: normal; }
        h2 { font-size: 17px; border-bottom: 2px solid #1f4e79; padding-bottom: 2px; margin-top: 22px; }
        h3 { font-size: 14px; }
        .sub, .note, figcaption, small { color: #444; }
        section { break-inside: avoid-page; }
        table { border-collapse: collapse; margin: 6px 0; }
        .grid th, .grid td { border: 1px solid #bbb; padding: 2px 6px; }
        .grid thead th { background: #eef2f6; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .cards th { font-weight: normal; color: #444; padding: 4px 10px; text-align: right; }
        .cards td { padding: 4px 10px; border-left: 3px solid #1f4e79; }
        .cards .big td { font-size: 22px; } .cards small { font-size: 12px; }
        .pair { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 4px 0; break-inside: avoid; } figure svg { width: 100%; max-width: 560px; height: auto; }
        .pair figure { flex: 1 1 420px; }
        footer { margin-top: 28px; font-size: 12px; } footer pre { white-space: pre-wrap; margin: 0; }
        code { word-break: break-all; }
        @media print { body { max-width: none; } a { color: inherit; } }
        """
}

extension String {
    /// `2h 00m` → `2h`, `1d 00h` → `1d`: round bin edges read better without zero parts.
    func replacingZeroParts() -> String {
        var s = self
        for zero in [" 00m", " 00h", " 00s"] where s.hasSuffix(zero) { s.removeLast(zero.count) }
        return s
    }
}
