import XCTest
@testable import Plot
import ImageIO

/// Bad data never crashes: it is reported, and the panel says "no data" when nothing is left.
final class BadInputTests: XCTestCase {
    let blue = Palette.tab10[0]

    /// The figure still renders to a full-size, white-cornered image.
    func assertRenders(_ fig: Figure, file: StaticString = #filePath, line: UInt = #line) {
        let image = fig.render()
        XCTAssertGreaterThan(image.width, 100, file: file, line: line)
        XCTAssertTrue(image.matches(0, 0, .white), file: file, line: line)
        XCTAssertNoThrow(try fig.pngData(), file: file, line: line)
    }

    func testEmptyAndNonFiniteSeries() {
        let fig = Figure().line([Double]()).line([Double.nan, .infinity, -.infinity])
        XCTAssertEqual(fig[0].series.count, 0)
        XCTAssertEqual(fig[0].problems, ["line: y is empty", "line: all 3 y values are NaN or infinite"])
        assertRenders(fig)
        XCTAssertEqual(fig.render().count(blue), 0)
    }

    func testMismatchedLengths() {
        let fig = Figure().line([1.0, 2, 3], x: [1.0, 2], label: "train")
        XCTAssertEqual(fig[0].problems, ["line \"train\": x has 2 values but y has 3"])
        fig.scatter(x: [1.0], y: [1.0, 2])
        XCTAssertEqual(fig[0].problems.last, "scatter: x has 1 value but y has 2")
        fig.bar(values: [1, 2], labels: ["a"])
        XCTAssertEqual(fig[0].problems.last, "bar: 2 values but 1 label")
        assertRenders(fig)
    }

    func testGoodSeriesStillDrawnBesideBadOnes() {
        let fig = Figure().line([Double]()).line([1.0, 2, 3])
        XCTAssertEqual(fig[0].series.count, 1)
        XCTAssertGreaterThan(fig.render().count(blue), 100)
    }

    func testZeroImagesAndWrongPixelCounts() {
        let none = Figure().imageGrid([[Float]](), height: 28, width: 28)
        XCTAssertEqual(none[0].problems, ["imageGrid: no images"])
        assertRenders(none)

        let allBad = Figure().imageGrid([[Float](repeating: 0, count: 10)], height: 28, width: 28)
        XCTAssertEqual(allBad[0].problems, ["imageGrid: none of the 1 images has the right size"])
        assertRenders(allBad)

        // One bad image among good ones: a placeholder, the rest drawn.
        let some = Figure().imageGrid([Gallery.digit(0), [0, 1], Gallery.digit(2)], height: 28, width: 28)
        guard case .grid(let panel)? = some[0].raster else { return XCTFail("grid refused") }
        XCTAssertNil(panel.images[1])
        assertRenders(some)

        let image = Figure().image([Float](repeating: 0, count: 783), height: 28, width: 28)
        XCTAssertEqual(image[0].problems, ["image: expected 1x28x28 = 784 values (CHW), got 783"])
        assertRenders(image)
        assertRenders(Figure().image(Image(width: 3, height: 3, channels: 3, pixels: [1, 2])))
    }

    func testRaggedOrEmptyMatrix() {
        let ragged = Figure().heatmap([[1, 2, 3], [4, 5]])
        XCTAssertEqual(ragged[0].problems, ["heatmap: row 1 has 2 values but row 0 has 3 (ragged matrix)"])
        assertRenders(ragged)
        assertRenders(Figure().heatmap([[Double]]()))
        assertRenders(Figure().heatmap([[Double.nan]]))
        // Wrong number of labels: numbers instead, still drawn.
        let labels = Figure().heatmap([[1, 2], [3, 4]], rowLabels: ["only one"])
        XCTAssertNotNil(labels[0].raster)
        assertRenders(labels)
    }

    func testOutOfRangePanelsAndLimits() {
        let fig = Figure(rows: 1, columns: 2)
        fig[5].line([1.0, 2])          // reported, drawn nowhere
        fig[3, 0].line([1.0, 2])
        fig[0].xlim(5, 1).ylim(.nan, 1) // reversed limits are refused; NaN ends are ignored
        fig[0].line([1.0, 2, 3])
        assertRenders(fig)
        XCTAssertEqual(Figure(rows: 0, columns: -3).rows, 1)
    }

    func testAbsurdFigureSizesAreClamped() {
        XCTAssertEqual(Figure(width: 1e9, height: 10).line([1.0]).render().width, 8000)
        XCTAssertEqual(Figure(width: .nan, height: .infinity).line([1.0]).render().height, 1280)
    }

    func testExtremeValues() {
        assertRenders(Figure().line([1e308, -1e308, 0]))
        assertRenders(Figure().line([Double.leastNormalMagnitude / 1000, 0, Double.leastNonzeroMagnitude]))
        assertRenders(Figure().scatter(x: [Double.greatestFiniteMagnitude, 0], y: [1.0, 2]))
        assertRenders(Figure().logY().line([1e-300, 1e300]))
        assertRenders(Figure().bar(values: [Double](repeating: 1, count: 5000)))
        assertRenders(Figure().image([Float.infinity, -.infinity, .nan, 0], height: 2, width: 2))
        assertRenders(Figure().heatmap([[1e308, -1e308]]))
        assertRenders(Figure().heatmap((0..<120).map { r in (0..<120).map { c in Double(r * c) } }))
        // Values far outside fixed limits, unusable sizes and colours: the rest is still drawn.
        let far = Figure().ylim(0, 1).line([0.5, 1e300, 0.5, -1e300, 0.2]).line([0.3, 0.3], width: .nan)
            .scatter(x: [0.0, 1e300], y: [0.5, 1e300], size: -1).bar(values: [1e300])
        assertRenders(far)
        XCTAssertGreaterThan(far.render().count(blue), 100)
        assertRenders(Figure().line([1.0, 2], color: Color(red: .nan, green: 2, blue: -1)))
    }

    func testSinglePointAndConstantSeries() {
        assertRenders(Figure().line([5.0]))
        assertRenders(Figure().line([2.0, 2, 2]))
        assertRenders(Figure().scatter(x: [0.0], y: [0.0]))
        assertRenders(Figure().bar(values: [0, 0]))
        assertRenders(Figure().hline(0.5))
        XCTAssertGreaterThan(Figure().line([5.0]).render().count(blue), 20, "a single point is drawn as a dot")
    }
}

extension BadInputTests {
    func testLongLegendsAndManyGroupsFit() {
        let fig = Figure(width: 400, height: 250)
        for k in 0..<40 { fig.line([Double(k), Double(k + 1)], label: "series \(k)") }
        assertRenders(fig)
        let groups = Array(0..<300)
        assertRenders(Figure().scatter(x: groups.map(Double.init), y: groups.map { Double($0 % 7) }, groups: groups))
    }
}
