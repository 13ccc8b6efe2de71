import XCTest
@testable import Plot
import ImageIO

/// matplotlib's spellings draw what the native ones draw: `plot(x, y)` is `line(y, x:)`,
/// `scatter(x, y)` is `scatter(x:y:)`, `legend()` is `.best`, `yscale(.log)` is `logY()`,
/// `imshow` is an unannotated heatmap with a colour bar, and tensors (any `ShapedValues`) go
/// where arrays go.
final class MatplotlibSpellingTests: XCTestCase {
    /// A stand-in for Engine's Tensor (PlotTests does not link Engine).
    struct Values: ShapedValues {
        var valuesShape: [Int]
        var valuesRowMajor: [Float]
    }

    func testPlotTakesXThenY() {
        let fig = Figure().plot([1, 2, 3], [10.0, 20, 15], label: "a").plot([5.0, 4])
        let series = fig[0].series
        XCTAssertEqual(series.map(\.x), [[1, 2, 3], [0, 1]])
        XCTAssertEqual(series.map(\.y), [[10, 20, 15], [5, 4]])
        XCTAssertEqual(series[0].label, "a")
        let native = Figure().line([10.0, 20, 15], x: [1, 2, 3])
        XCTAssertEqual(native[0].series.map(\.x), [series[0].x], "plot(x, y) is line(y, x: x)")
    }

    func testTensorsGoWhereArraysGo() {
        let x = Values(valuesShape: [3], valuesRowMajor: [0, 1, 2]), y = Values(valuesShape: [3, 1], valuesRowMajor: [4, 5, 6])
        let fig = Figure().plot(x, y).scatter(x, y, label: "points").plot(y)
        XCTAssertEqual(fig[0].series.map(\.kind), [.line, .scatter, .line])
        XCTAssertEqual(fig[0].series[1].x, [0, 1, 2])
        XCTAssertEqual(fig[0].series[1].y, [4, 5, 6])
        XCTAssertEqual(fig[0].series[2].x, [0, 1, 2])
    }

    func testLegendYscaleAndTitleReadLikeMatplotlib() {
        let fig = Figure().plot([1.0, 0.1, 0.01], label: "loss").legend(.none).legend().yscale(.log).title("Loss")
        XCTAssertEqual(fig[0].legendLocation, .best, "legend() with no location is matplotlib's 'best'")
        XCTAssertTrue(fig[0].logScaleY)
        XCTAssertEqual(fig.title, "Loss")
        XCTAssertFalse(Figure().yscale(.log).yscale(.linear)[0].logScaleY)
        let grid = Figure(rows: 2, columns: 2)
        grid[1, 0].scatter([1, 2], [3, 4])
        XCTAssertEqual(grid[2].series.count, 1, "fig[row, column] is the panel row by row")
    }

    func testImshowIsAColourMappedImageWithAColourBar() throws {
        let fig = Figure().imshow([[0.0, 1], [2, 3]])
        guard case .heatmap(let panel)? = fig[0].raster else { return XCTFail("imshow of a matrix is a heatmap") }
        XCTAssertTrue(panel.colorbar)
        XCTAssertFalse(panel.annotate)
        XCTAssertEqual(panel.colormap.name, "viridis")
        let image = Figure().imshow(Values(valuesShape: [1, 2, 3], valuesRowMajor: [0, 1, 2, 3, 4, 5]))
        guard case .heatmap(let single)? = image[0].raster else { return XCTFail("[1, H, W] is a matrix") }
        XCTAssertEqual(single.values, [[0, 1, 2], [3, 4, 5]])
        let rgb = Figure().imshow(Values(valuesShape: [3, 2, 2], valuesRowMajor: (0..<12).map { Float($0) / 11 }))
        guard case .image? = rgb[0].raster else { return XCTFail("[3, H, W] is an RGB image") }
        let bad = Figure().imshow(Values(valuesShape: [5], valuesRowMajor: [1, 2, 3, 4, 5]))
        XCTAssertNil(bad[0].raster)
        XCTAssertEqual(bad[0].problems.count, 1)
        _ = try fig.pngData()  // draws
    }
}
