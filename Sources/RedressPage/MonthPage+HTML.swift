import Foundation
import Redress
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
