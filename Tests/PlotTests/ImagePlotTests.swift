import XCTest
@testable import Plot
import ImageIO

/// Images, image grids and heatmaps.
final class ImagePlotTests: XCTestCase {
    // MARK: normalisation of float pixels

    func bytes(_ pixels: [Double], channels: Int = 1, height: Int = 1, width: Int, _ n: Normalization,
               colormap: Colormap? = nil) throws -> Image {
        try makeImage(pixels, channels: channels, height: height, width: width, normalize: n, colormap: colormap).get()
    }

    func testNormalizations() throws {
        XCTAssertEqual(try bytes([0, 0.5, 1, 2, -1], width: 5, .clip).pixels, [0, 128, 255, 255, 0])
        XCTAssertEqual(try bytes([0, 0.5, 1], width: 3, .auto).pixels, [0, 128, 255], "already in 0...1")
        XCTAssertEqual(try bytes([-2, 0, 2], width: 3, .auto).pixels, [0, 128, 255], "min-max otherwise")
        XCTAssertEqual(try bytes([10, 20, 30], width: 3, .minMax).pixels, [0, 128, 255])
        XCTAssertEqual(try bytes([0, 51, 255], width: 3, .range(0, 255)).pixels, [0, 51, 255])
        // MNIST-normalised values back to intensities: (v * 0.3081 + 0.1307).
        let zero = (0 - 0.1307) / 0.3081, one = (1 - 0.1307) / 0.3081
        XCTAssertEqual(try bytes([zero, one], width: 2, .mnist).pixels, [0, 255])
        XCTAssertEqual(try bytes([.nan, 1], width: 2, .clip).pixels, [0, 255], "NaN shows black")
    }

    func testCHWBecomesInterleavedRGB() throws {
        // Two pixels; planes R = [1, 0], G = [0, 1], B = [0, 0].
        let image = try bytes([1, 0, 0, 1, 0, 0], channels: 3, width: 2, .clip)
        XCTAssertEqual(image.channels, 3)
        XCTAssertEqual(image.pixels, [255, 0, 0, 0, 255, 0])
        // Per-channel mean/std.
        let unnormalized = try bytes([(0.5 - 0.485) / 0.229, (0.5 - 0.456) / 0.224, (0.5 - 0.406) / 0.225],
                                     channels: 3, width: 1, .imagenet)
        XCTAssertEqual(unnormalized.pixels, [128, 128, 128])
    }

    func testColormapForOneChannel() throws {
        let image = try bytes([0, 1], width: 2, .clip, colormap: .viridis)
        XCTAssertEqual(image.channels, 3)
        XCTAssertEqual(Array(image.pixels[0..<3]), [0x44, 0x01, 0x54])
        XCTAssertEqual(Array(image.pixels[3..<6]), [0xfd, 0xe7, 0x25])
    }

    func testWrongSizesAreReported() {
        let result = makeImage([0, 1, 2], channels: 1, height: 2, width: 2, normalize: .clip, colormap: nil)
        guard case .failure(let error) = result else { return XCTFail("accepted 3 values for 2x2") }
        XCTAssertEqual(error.description, "expected 1x2x2 = 4 values (CHW), got 3")
        guard case .failure = makeImage([0], channels: 2, height: 1, width: 1, normalize: .clip, colormap: nil) else {
            return XCTFail("accepted 2 channels")
        }
    }

    // MARK: figures

    func testImageShowsItsPixels() {
        // A 2x2 RGB image: red, green / blue, white; drawn large with nearest-neighbour sampling.
        let pixels: [Float] = [1, 0, 0, 1,  0, 1, 0, 1,  0, 0, 1, 1]
        let image = Figure(width: 300, height: 300).image(pixels, channels: 3, height: 2, width: 2).render()
        let red = Color(hex: 0xff0000), green = Color(hex: 0x00ff00), blue = Color(hex: 0x0000ff)
        let quarter = 100 * 100  // each quarter is well over 100 x 100 pixels
        XCTAssertGreaterThan(image.count(red, tolerance: 0), quarter)
        XCTAssertGreaterThan(image.count(green, tolerance: 0), quarter)
        XCTAssertGreaterThan(image.count(blue, tolerance: 0), quarter)
        guard let r = image.bounds(of: red, tolerance: 0), let b = image.bounds(of: blue, tolerance: 0) else {
            return XCTFail()
        }
        XCTAssertLessThan(r.1, b.1, "red is in the top row, blue in the bottom one")
        XCTAssertEqual(r.0, b.0, "both in the left column")
    }

    func testImageFromImageIO() {
        let gray = Image(width: 4, height: 4, channels: 1, fill: [0])
        let rendered = Figure(title: "black").image(gray).render()
        XCTAssertGreaterThan(rendered.count(.black, tolerance: 0), 200 * 200)
        XCTAssertTrue(rendered.matches(1, 1, .white))
    }

    func testGridCaptionsColouredByCorrectness() {
        let image = Gallery.grid.render()
        XCTAssertTrue(image.matches(1, 1, .white))
        XCTAssertGreaterThan(image.count(Color.red, tolerance: 10), 100, "wrong predictions in red")
        XCTAssertGreaterThan(image.count(Color.green, tolerance: 10), 500, "right ones in green")
        // Without `wrong`, captions are plain dark text.
        let plain = Figure().imageGrid([Gallery.digit(0), Gallery.digit(1)], height: 28, width: 28,
                                       captions: ["a", "b"]).render()
        XCTAssertEqual(plain.count(Color.red, tolerance: 10), 0)
    }

    func testGridLayout() {
        let six = (0..<6).map { Gallery.digit($0) }
        let fig = Figure().imageGrid(six, height: 28, width: 28, columns: 3)
        guard case .grid(let panel)? = fig[0].raster else { return XCTFail("no grid") }
        XCTAssertEqual(panel.columns, 3)
        XCTAssertEqual(panel.rows, 2)
        // Two rows of three: the ring images are white-ish on black; count black squares on a row.
        let image = fig.render()
        guard let box = image.bounds(of: .black, tolerance: 0) else { return XCTFail() }
        XCTAssertEqual(image.runs(of: .black, row: box.1 + 3, tolerance: 0), 3)
    }

    func testHeatmapCellsAndContrastingText() {
        let fig = Figure(width: 400, height: 360).heatmap([[90, 1], [3, 80]], rowLabels: ["cat", "dog"],
                                                          columnLabels: ["cat", "dog"], xlabel: "predicted",
                                                          ylabel: "actual")
        let image = fig.render()
        let darkest = Colormap.blues.color(1), lightest = Colormap.blues.color(0)
        guard let dark = image.bounds(of: darkest, tolerance: 1), let light = image.bounds(of: lightest, tolerance: 1) else {
            return XCTFail("cells missing")
        }
        XCTAssertLessThan(dark.0, light.0, "the largest value (90) is the top-left cell")
        // The number in the dark cell is written in white, the one in the light cell in dark text.
        var whiteInDark = 0, darkInLight = 0
        for y in dark.1...dark.3 { for x in dark.0...dark.2 where image.matches(x, y, .white, tolerance: 10) { whiteInDark += 1 } }
        for y in light.1...light.3 { for x in light.0...light.2 where image.matches(x, y, Color.text, tolerance: 10) { darkInLight += 1 } }
        XCTAssertGreaterThan(whiteInDark, 20)
        XCTAssertGreaterThan(darkInLight, 20)
    }

    func testHeatmapFormatsValues() {
        let ints = HeatmapPanel(values: [[1, 20]], rowLabels: [], columnLabels: [], annotate: true, colormap: .blues, colorbar: true)
        XCTAssertEqual(ints.format(20), "20")
        let fractions = HeatmapPanel(values: [[0.25, 0.9312]], rowLabels: [], columnLabels: [], annotate: true, colormap: .blues, colorbar: true)
        XCTAssertEqual(fractions.format(0.9312), "0.93")
    }
}
