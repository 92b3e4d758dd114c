import Foundation
import RedressPage
import Testing

/// The chart module on its own: accessible names, honest geometry, escaped text.
@Suite struct SVGChartTests {
    func heights(_ svg: String) -> [Double] {
        svg.matches(of: /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#1f4e79">/)
            .map { Double($0.1)! }
    }

    @Test func aHistogramsBarsAreProportionalToItsCountsAndItNamesItself() {
        let svg = SVGChart.histogram(
            title: "Acknowledge <time>", description: "≤5m: 2, ≤15m: 4", xLabel: "time (log scale)",
            yLabel: "complaints", binLabels: ["≤5m", "≤15m", ">15m"], counts: [2, 4, 0], targetIndex: 1.5,
            targetLabel: "target 10m")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Acknowledge &lt;time&gt;</title><desc>≤5m: 2, ≤15m: 4</desc>"))
        let bars = heights(svg)
        #expect(bars.count == 3)
        #expect(bars[1] == 2 * bars[0] && bars[2] == 0)
        #expect(svg.contains("stroke-dasharray=\"5 3\""), "the SLA target line")
        #expect(svg.contains(">time (log scale)</text>") && svg.contains(">complaints</text>"), "axis labels")
    }

    @Test func stackedPartsAreDrawnByPatternAndLightnessNotHueAlone() {
        let svg = SVGChart.stackedBars(
            title: "SLA", description: "d", xLabel: "complaints",
            rows: [.init(label: "phone", parts: [3, 1, 1]), .init(label: "web", parts: [0, 0, 5])],
            partNames: ["met", "breached", "pending"])
        #expect(svg.contains("fill=\"url(#hatch)\""), "breached is hatched")
        #expect(svg.contains("<title>phone — met: 3</title>"))
        #expect(!svg.contains("web — met: 0"), "an empty part draws nothing")
        let widths = svg.matches(of: /<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14"/).map { Double($0.1)! }
        #expect(widths.count == 4)
        #expect(abs(widths[0] - 3 * widths[1]) < 0.2 && abs(widths[3] - 5 * widths[1]) < 0.2)
    }

    @Test func coordinatesAndTextAreTheSameBytesEverywhere() {
        #expect(SVGChart.escape("a&b<\"c\">'") == "a&amp;b&lt;&quot;c&quot;&gt;&#39;")
        let series = [SVGChart.Series(name: "CSAT", values: [50, nil, 62.5])]
        let one = SVGChart.percentLines(
            title: "t", description: "d", xLabels: ["a", "b", "c"], yLabel: "%", series: series)
        let two = SVGChart.percentLines(
            title: "t", description: "d", xLabels: ["a", "b", "c"], yLabel: "%", series: series)
        #expect(one == two)
        #expect(one.contains("<title>CSAT c: 62.5%</title>"))
        #expect(!one.contains("CSAT b:"), "a month without a value has no point")
    }
}
