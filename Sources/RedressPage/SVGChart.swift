import RedressProjections

/// Small, dependency-free SVG charts for the month-end page: written from Swift so the page needs no
/// script, no network and no chart library at view time, and so the same inputs give the same bytes.
///
/// Every chart carries `role="img"`, a `<title>` and a `<desc>` (what it shows, in words), axis labels
/// with units, and marks that survive greyscale printing: series differ by pattern and lightness, not
/// by hue alone. The page puts a data table beside each chart.
public enum SVGChart {
    /// One bar of a stacked bar: its parts in order (met, breached, pending), each a count.
    public struct StackedRow: Sendable, Equatable {
        /// The row's label, left of its bar (on the month page, a channel or a severity).
        public var label: String
        /// The count of each part, in the order of the chart's `partNames`; each at least 0.
        public var parts: [Int]
        /// A bar labelled `label` with `parts` stacked in order.
        public init(label: String, parts: [Int]) {
            self.label = label
            self.parts = parts
        }
    }

    /// A series of a line chart: one value per x label (`nil`: no value that month).
    public struct Series: Sendable, Equatable {
        /// The series' name, shown in the legend.
        public var name: String
        /// The series' values, in percent (0…100), one per x label in the same order.
        public var values: [Double?]
        /// A series called `name` with one value (or `nil`) per x label.
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// Fills that stay apart in greyscale: dark solid, hatched mid tone, light dotted.
    static let fills = ["#1f4e79", "url(#hatch)", "#d9d9d9"]
    static let strokes = ["#1f4e79", "#8b1a1a", "#555555"]
    static let dashes = ["", "6 3", "2 3"]

    static let defs = """
        <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" \
        patternTransform="rotate(45)"><rect width="6" height="6" fill="#e8b4b4"/>\
        <line x1="0" y1="0" x2="0" y2="6" stroke="#8b1a1a" stroke-width="3"/></pattern></defs>
        """

    /// A histogram of durations on a logarithmic time axis, with a dashed line at the SLA target.
    ///
    /// - Parameters:
    ///   - title: the chart's accessible name.
    ///   - description: its figures in words.
    ///   - xLabel: the time axis's label, with its unit.
    ///   - yLabel: the count axis's label.
    ///   - binLabels: one per bin (the last bin is open-ended).
    ///   - counts: one per bin.
    ///   - targetIndex: where the SLA target falls on the bins' axis (bin i spans i…i+1), if drawn.
    ///   - targetLabel: the target line's label.
    public static func histogram(
        title: String, description: String, xLabel: String, yLabel: String, binLabels: [String],
        counts: [Int], targetIndex: Double?, targetLabel: String
    ) -> String {
        let width = 560.0
        let height = 220.0
        let left = 48.0
        let bottom = 44.0
        let top = 12.0
        let right = 8.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = max(1, counts.max() ?? 1)
        let step = plotWidth / Double(max(1, counts.count))
        var out = open(width: width, height: height, title: title, description: description)
        out += axes(left: left, top: top, width: plotWidth, height: plotHeight, maximum: maximum, yLabel: yLabel)
        for (i, count) in counts.enumerated() {
            let h = plotHeight * Double(count) / Double(maximum)
            let x = left + Double(i) * step
            out += "<rect x=\"\(n(x + 1))\" y=\"\(n(top + plotHeight - h))\" width=\"\(n(step - 2))\" "
            out += "height=\"\(n(h))\" fill=\"\(fills[0])\"><title>\(escape(binLabels[i])): \(count)</title></rect>"
            if i % 2 == 0 || counts.count <= 8 {
                out += text(x + step / 2, top + plotHeight + 14, binLabels[i], anchor: "middle", size: 9)
            }
        }
        if let targetIndex {
            let x = left + targetIndex * step
            out += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(top + plotHeight))\" "
            out += "stroke=\"#8b1a1a\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
            out += text(x + 4, top + 10, targetLabel, anchor: "start", size: 10)
        }
        out += text(left + plotWidth / 2, height - 6, xLabel, anchor: "middle", size: 11)
        return out + "</svg>"
    }

    /// Horizontal stacked bars, one row per group, each part a count (legend from `partNames`).
    public static func stackedBars(
        title: String, description: String, xLabel: String, rows: [StackedRow], partNames: [String]
    ) -> String {
        let rowHeight = 18.0
        let left = 92.0
        let right = 12.0
        let top = 26.0
        let bottom = 34.0
        let width = 420.0
        let height = top + bottom + rowHeight * Double(max(1, rows.count))
        let plotWidth = width - left - right
        let maximum = max(1, rows.map { $0.parts.reduce(0, +) }.max() ?? 1)
        var out = open(width: width, height: height, title: title, description: description)
        out += legend(partNames, x: left, y: 12)
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * rowHeight
            out += text(left - 6, y + rowHeight * 0.7, row.label, anchor: "end", size: 10)
            var x = left
            for (p, part) in row.parts.enumerated() where part > 0 {
                let w = plotWidth * Double(part) / Double(maximum)
                out += "<rect x=\"\(n(x))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 4))\" "
                out += "fill=\"\(fills[p % fills.count])\" stroke=\"#333\" stroke-width=\"0.5\">"
                out += "<title>\(escape(row.label)) — \(escape(partNames[p])): \(part)</title></rect>"
                x += w
            }
        }
        let axisY = top + rowHeight * Double(max(1, rows.count))
        out += "<line x1=\"\(n(left))\" y1=\"\(n(axisY))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(axisY))\" "
        out += "stroke=\"#333\"/>"
        out += text(left, axisY + 12, "0", anchor: "middle", size: 9)
        out += text(left + plotWidth, axisY + 12, String(maximum), anchor: "middle", size: 9)
        out += text(left + plotWidth / 2, height - 6, xLabel, anchor: "middle", size: 11)
        return out + "</svg>"
    }

    /// Horizontal bars of a percentage (0–100), one per group, with a note after each bar.
    public static func percentBars(
        title: String, description: String, xLabel: String, rows: [(label: String, percent: Double?, note: String)]
    ) -> String {
        let rowHeight = 18.0
        let left = 92.0
        let right = 110.0
        let top = 8.0
        let bottom = 34.0
        let width = 460.0
        let height = top + bottom + rowHeight * Double(max(1, rows.count))
        let plotWidth = width - left - right
        var out = open(width: width, height: height, title: title, description: description)
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * rowHeight
            out += text(left - 6, y + rowHeight * 0.7, row.label, anchor: "end", size: 10)
            let w = plotWidth * (row.percent ?? 0) / 100
            if row.percent != nil {
                out += "<rect x=\"\(n(left))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 4))\" "
                out += "fill=\"\(fills[0])\"><title>\(escape(row.label)): \(escape(row.note))</title></rect>"
            }
            out += text(left + w + 4, y + rowHeight * 0.7, row.note, anchor: "start", size: 10)
        }
        let axisY = top + rowHeight * Double(max(1, rows.count))
        out += "<line x1=\"\(n(left))\" y1=\"\(n(axisY))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(axisY))\" "
        out += "stroke=\"#333\"/>"
        for tick in [0, 50, 100] {
            out += text(left + plotWidth * Double(tick) / 100, axisY + 12, "\(tick)%", anchor: "middle", size: 9)
        }
        out += text(left + plotWidth / 2, height - 6, xLabel, anchor: "middle", size: 11)
        return out + "</svg>"
    }

    /// Lines over months on a 0–100 % axis, one per series, told apart by dash and marker.
    public static func percentLines(
        title: String, description: String, xLabels: [String], yLabel: String, series: [Series]
    ) -> String {
        let width = 560.0
        let height = 220.0
        let left = 48.0
        let bottom = 40.0
        let top = 26.0
        let right = 12.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let step = plotWidth / Double(max(1, xLabels.count - 1))
        var out = open(width: width, height: height, title: title, description: description)
        out += legend(series.map(\.name), x: left, y: 12, lines: true)
        for tick in [0, 25, 50, 75, 100] {
            let y = top + plotHeight * (1 - Double(tick) / 100)
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" "
            out += "stroke=\"#ddd\"/>"
            out += text(left - 4, y + 3, "\(tick)%", anchor: "end", size: 9)
        }
        for (i, label) in xLabels.enumerated() {
            out += text(left + Double(i) * step, top + plotHeight + 14, label, anchor: "middle", size: 9)
        }
        for (s, line) in series.enumerated() {
            var path = ""
            for (i, value) in line.values.enumerated() {
                guard let value else { continue }
                let x = left + Double(i) * step
                let y = top + plotHeight * (1 - value / 100)
                path += (path.isEmpty ? "M" : " L") + "\(n(x)) \(n(y))"
                out += marker(s, x, y, "\(line.name) \(xLabels[i]): \(percentText(value))")
            }
            if !path.isEmpty {
                out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(strokes[s % strokes.count])\" "
                out += "stroke-width=\"2\" stroke-dasharray=\"\(dashes[s % dashes.count])\"/>"
            }
        }
        out += "<text x=\"12\" y=\"\(n(top + plotHeight / 2))\" font-size=\"11\" text-anchor=\"middle\" "
        out += "transform=\"rotate(-90 12 \(n(top + plotHeight / 2)))\">\(escape(yLabel))</text>"
        return out + "</svg>"
    }

    // MARK: - Parts

    static func open(width: Double, height: Double, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "class=\"chart\"><title>\(escape(title))</title><desc>\(escape(description))</desc>\(defs)"
    }

    static func axes(left: Double, top: Double, width: Double, height: Double, maximum: Int, yLabel: String)
        -> String
    {
        var out = "<line x1=\"\(n(left))\" y1=\"\(n(top + height))\" x2=\"\(n(left + width))\" "
        out += "y2=\"\(n(top + height))\" stroke=\"#333\"/>"
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + height))\" stroke=\"#333\"/>"
        for tick in [0, maximum / 2, maximum] where tick > 0 || maximum > 0 {
            let y = top + height * (1 - Double(tick) / Double(maximum))
            out += text(left - 4, y + 3, String(tick), anchor: "end", size: 9)
        }
        out += "<text x=\"12\" y=\"\(n(top + height / 2))\" font-size=\"11\" text-anchor=\"middle\" "
        out += "transform=\"rotate(-90 12 \(n(top + height / 2)))\">\(escape(yLabel))</text>"
        return out
    }

    static func legend(_ names: [String], x: Double, y: Double, lines: Bool = false) -> String {
        var out = ""
        var at = x
        for (i, name) in names.enumerated() {
            if lines {
                out += "<line x1=\"\(n(at))\" y1=\"\(n(y - 3))\" x2=\"\(n(at + 18))\" y2=\"\(n(y - 3))\" "
                out += "stroke=\"\(strokes[i % strokes.count])\" stroke-width=\"2\" "
                out += "stroke-dasharray=\"\(dashes[i % dashes.count])\"/>"
                out += marker(i, at + 9, y - 3, nil)
            } else {
                out += "<rect x=\"\(n(at))\" y=\"\(n(y - 8))\" width=\"10\" height=\"10\" "
                out += "fill=\"\(fills[i % fills.count])\" stroke=\"#333\" stroke-width=\"0.5\"/>"
            }
            out += text(at + (lines ? 22 : 14), y, name, anchor: "start", size: 10)
            at += Double(TextWidth.of(name)) * 6 + (lines ? 40 : 30)
        }
        return out
    }

    /// Circle, square or triangle: a series stays recognisable without colour.
    static func marker(_ series: Int, _ x: Double, _ y: Double, _ title: String?) -> String {
        let stroke = strokes[series % strokes.count]
        let tip = title.map { "<title>\(escape($0))</title>" } ?? ""
        switch series % 3 {
        case 0:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\" fill=\"\(stroke)\">\(tip)</circle>"
        case 1:
            return "<rect x=\"\(n(x - 3.5))\" y=\"\(n(y - 3.5))\" width=\"7\" height=\"7\" fill=\"white\" "
                + "stroke=\"\(stroke)\" stroke-width=\"1.5\">\(tip)</rect>"
        default:
            return "<path d=\"M\(n(x)) \(n(y - 4)) L\(n(x + 4)) \(n(y + 3.5)) L\(n(x - 4)) \(n(y + 3.5)) Z\" "
                + "fill=\"\(stroke)\">\(tip)</path>"
        }
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\">\(escape(content))</text>"
    }

    /// Coordinates with at most one decimal, the same text on every platform.
    static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    static func percentText(_ value: Double) -> String { n(value) + "%" }

    /// Text for HTML and SVG: `&`, `<`, `>` and quotes escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
