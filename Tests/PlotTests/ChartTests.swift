import XCTest
@testable import Plot
import ImageIO

/// Line, scatter and bar charts: decoded PNGs of the right size with the right colours where
/// they belong.
final class ChartTests: XCTestCase {
    let blue = Palette.tab10[0], orange = Palette.tab10[1], green = Palette.tab10[2]

    func testLineChartSizeBackgroundAndSeriesColours() throws {
        let png = try Gallery.lossCurves.pngData()
        let image = try PNG.decode(data: png)
        XCTAssertEqual(image.width, 1280)   // 640 x 400 points at 2x
        XCTAssertEqual(image.height, 800)
        XCTAssertEqual(image.channels, 3)
        XCTAssertTrue(image.matches(2, 2, .white))
        XCTAssertTrue(image.matches(1277, 797, .white))
        XCTAssertGreaterThan(image.count(blue), 500, "the first series is tab10 blue")
        XCTAssertGreaterThan(image.count(orange), 300, "the second series is tab10 orange")
        XCTAssertEqual(image.count(green), 0, "no third series")
    }

    func testExplicitSizeAndColour() {
        let red = Color(hex: 0xff0000)
        let image = Figure(width: 300, height: 200).line([1.0, 3, 2], color: red, width: 4).render()
        XCTAssertEqual(image.width, 600)
        XCTAssertEqual(image.height, 400)
        XCTAssertGreaterThan(image.count(red, tolerance: 0), 1000)
        XCTAssertEqual(image.count(blue), 0)
    }

    func testFloatAndIntInputs() {
        let losses: [Float] = [2.3, 1.1, 0.7]
        let epochs: [Int] = [1, 2, 3]
        let image = Figure().line(losses, x: epochs).render()
        XCTAssertGreaterThan(image.count(blue), 200)
        // Slices and ranges are sequences too.
        let tail = Figure().line(losses[1...], x: 2...3)
        XCTAssertEqual(tail[0].series.first?.x, [2, 3])
        XCTAssertEqual(tail[0].series.first?.y.map { Float($0) }, [1.1, 0.7])
    }

    func testNaNPointsLeaveAGap() {
        // The same line with and without a NaN in the middle: the gap removes pixels.
        let whole = Figure(width: 400, height: 300).line([0.0, 1, 2, 3, 4], width: 3).render().count(blue)
        let gapped = Figure(width: 400, height: 300).line([0.0, 1, .nan, 3, 4], width: 3).render().count(blue)
        XCTAssertGreaterThan(gapped, 100)
        XCTAssertLessThan(Double(gapped), Double(whole) * 0.8)
    }

    func testLegendAppearsOnlyWithLabels() {
        let labelled = Figure().line([1.0, 2, 3], label: "train").render()
        let plain = Figure().line([1.0, 2, 3]).render()
        // Same layout, plus the legend's sample of the line (20 x 1.8 points = 144 pixels).
        XCTAssertGreaterThan(labelled.count(blue), plain.count(blue) + 100)
        XCTAssertLessThan(labelled.count(blue), plain.count(blue) + 250)
    }

    func testLogYAxisLeavesOutNonPositiveValues() {
        let axes = Figure().logY().line([1.0, 0.1, 0.0, -1, 0.001])
        XCTAssertGreaterThan(axes.render().count(blue), 100)
        let none = Figure().logY().line([0.0, -1])
        XCTAssertEqual(none.render().count(blue), 0, "nothing positive to draw on a log axis")
    }

    func testScatterGroupsGetTheirColours() {
        let fig = Figure().scatter(x: [0.0, 1, 2, 3], y: [0.0, 1, 0, 1], groups: [0, 0, 2, 2], names: ["a", "b", "c"])
        let image = fig.render()
        // Scatter points are 80% opaque over white.
        func faded(_ c: Color) -> Color { Color(red: c.red * 0.8 + 0.2, green: c.green * 0.8 + 0.2, blue: c.blue * 0.8 + 0.2) }
        XCTAssertGreaterThan(image.count(faded(blue)), 50)
        XCTAssertGreaterThan(image.count(faded(green)), 50, "group 2 keeps colour 2 even when group 1 is absent")
        XCTAssertEqual(image.count(faded(orange)), 0)
    }

    func testBarsOnePerCategory() {
        let image = Figure(title: "Counts").bar(values: [3, 5, 2, 7], labels: ["a", "b", "c", "d"]).render()
        guard let box = image.bounds(of: blue, tolerance: 0) else { return XCTFail("no bars drawn") }
        // Just above the baseline every bar is present: four separate runs of blue.
        XCTAssertEqual(image.runs(of: blue, row: box.3 - 4, tolerance: 0), 4)
        // Near the top only the tallest (7) reaches.
        XCTAssertEqual(image.runs(of: blue, row: box.1 + 4, tolerance: 0), 1)
    }

    func testGroupedAndNegativeBars() {
        let fig = Figure().bar(values: [1.0, -2, 3], labels: ["x", "y", "z"], label: "before")
            .bar(values: [2.0, -1, 1], label: "after")
        let image = fig.render()
        XCTAssertGreaterThan(image.count(blue, tolerance: 0), 1000)
        XCTAssertGreaterThan(image.count(orange, tolerance: 0), 1000)
    }

    func testSubplotsAndIndexing() {
        let fig = Figure(rows: 2, columns: 2, title: "Four", width: 800, height: 600)
        fig[0].line([1.0, 2])
        fig[1, 1].line([2.0, 1], color: .red)
        fig.axes(2).bar(values: [1, 2])
        let image = fig.render()
        XCTAssertEqual(image.width, 1600)
        XCTAssertEqual(image.height, 1200)
        // Panel [1,1] is the bottom-right quarter: the red line is there and nowhere else.
        guard let box = image.bounds(of: .red, tolerance: 0) else { return XCTFail("red line missing") }
        XCTAssertGreaterThan(box.0, 800)
        XCTAssertGreaterThan(box.1, 600)
        // Panel 3 (index 2, bottom-left) got bars.
        guard let bars = image.bounds(of: blue, tolerance: 0) else { return XCTFail("no blue") }
        XCTAssertLessThan(bars.0, 800)
    }

    func testDeterministicOutput() throws {
        for (name, fig) in Gallery.all {
            XCTAssertEqual(try fig.pngData(), try fig.pngData(), "\(name) renders the same twice")
        }
        XCTAssertEqual(try Gallery.lossCurves.pngData(), try Gallery.lossCurves.pngData(),
                       "two figures built alike give identical bytes")
    }

    func testAutomaticSizes() {
        XCTAssertEqual(Figure().line([1.0, 2]).render().width, 1280)
        let pair = Figure(rows: 1, columns: 2).render()
        XCTAssertEqual(pair.width, 1680)
        XCTAssertGreaterThan(pair.height, 400)
    }
}

extension ChartTests {
    /// Automatic sizes can be fractional; the edges of the PNG must still be background.
    func testEdgesAreWhiteWhateverTheSize() {
        for fig in [Gallery.grid, Gallery.confusion, Figure(width: 333.3, height: 201.7).line([1.0, 2])] {
            let image = fig.render()
            for x in stride(from: 0, to: image.width, by: 7) {
                XCTAssertTrue(image.matches(x, image.height - 1, .white), "bottom row at x=\(x)")
            }
            for y in stride(from: 0, to: image.height, by: 7) {
                XCTAssertTrue(image.matches(image.width - 1, y, .white), "right column at y=\(y)")
            }
        }
    }
}
