import XCTest
@testable import Engine

final class PoolingTests: XCTestCase {
    private let grid = arange(16).reshape(1, 1, 4, 4)

    func testMaxAndAveragePoolValues() {
        assertValues(maxPool2d(grid, kernelSize: 2), [5, 7, 13, 15], shape: [1, 1, 2, 2])
        assertValues(avgPool2d(grid, kernelSize: 2), [2.5, 4.5, 10.5, 12.5], shape: [1, 1, 2, 2])
        // Overlapping windows, stride 1: 3x3 outputs.
        assertValues(maxPool2d(grid, kernelSize: 2, stride: 1), [5, 6, 7, 9, 10, 11, 13, 14, 15], shape: [1, 1, 3, 3])
        // Padding is −∞ for max (so an all-negative image keeps its values) ...
        assertValues(maxPool2d(-ones(1, 1, 2, 2), kernelSize: 2, stride: 1, padding: 1),
                     [Float](repeating: -1, count: 9), shape: [1, 1, 3, 3])
        // ... and zeros counted in the divisor for average (count_include_pad = True).
        assertValues(avgPool2d(ones(1, 1, 2, 2), kernelSize: 2, stride: 1, padding: 1),
                     [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25], shape: [1, 1, 3, 3])
        // Rows that do not fill a window are dropped (floor): 5x5 → 2x2.
        XCTAssertEqual(maxPool2d(zeros(2, 3, 5, 5), kernelSize: 2).shape, [2, 3, 2, 2])
        XCTAssertEqual(avgPool2d(zeros(3, 5, 5), kernelSize: 3, stride: 2, padding: 1).shape, [3, 3, 3])
    }

    /// A NaN in a window wins it (PyTorch propagates NaN), ties go to the first largest, and the
    /// gradient follows: on the strided path (no padding) and on the window lists (padding).
    func testMaxPoolTakesNaNAndTheFirstOfTies() {
        let nan = Float.nan
        for padding in [0, 1] {
            let x = Tensor([1, 7, 7, 2,  nan, 0, 3, 3,  4, 4, 9, 1,  4, 4, 1, 9], shape: [1, 1, 4, 4]).requiresGrad_()
            let y = maxPool2d(x, kernelSize: 2, stride: 2, padding: padding)
            y.sum().backward()
            let values = y.scalars, grad = x.grad!.scalars
            if padding == 0 {
                XCTAssertTrue(values[0].isNaN)
                XCTAssertEqual(Array(values[1...]), [7, 4, 9])
                // The NaN at (1, 0), the first 7 of its window, the first 4, the first 9.
                XCTAssertEqual(grad, [0, 0, 1, 0,  1, 0, 0, 0,  1, 0, 1, 0,  0, 0, 0, 0])
            } else {
                // Windows of rows {0}, {1, 2}, {3} and the same columns: 3x3 outputs.
                XCTAssertEqual(y.shape, [1, 1, 3, 3])
                XCTAssertTrue(values[3].isNaN)
                XCTAssertEqual([values[0], values[1], values[2], values[4], values[5]], [1, 7, 2, 9, 3])
                XCTAssertEqual(grad[4], 1, "the NaN takes its window's gradient")
            }
        }
    }

    /// Rectangular windows with per-axis stride and padding; values printed by PyTorch 2.15 for
    /// x = arange(1, 31).reshape(1, 1, 5, 6) / 10.
    func testRectangularPoolsMatchPyTorch() {
        let x = Tensor((1...30).map { Float($0) / 10 }, shape: [1, 1, 5, 6])
        let m = maxPool2d(x, kernelSize: (2, 3), stride: (2, 1), padding: (1, 0))
        XCTAssertEqual(m.shape, [1, 1, 3, 4])
        for (a, e) in zip(m.scalars, [0.3, 0.4, 0.5, 0.6, 1.5, 1.6, 1.7, 1.8, 2.7, 2.8, 2.9, 3.0] as [Float]) { XCTAssertEqual(a, e, accuracy: 1e-6) }
        let a = avgPool2d(x, kernelSize: (2, 3), stride: (1, 2), padding: (1, 1))
        XCTAssertEqual(a.shape, [1, 1, 6, 3])
        let expected: [Float] = [0.05, 0.15, 0.25, 0.3, 0.6, 0.8, 0.7, 1.2, 1.4, 1.1, 1.8, 2.0, 1.5, 2.4, 2.6, 0.85, 1.35, 1.45]
        for (v, e) in zip(a.scalars, expected) { XCTAssertEqual(v, e, accuracy: 1e-6) }

        let g = separatedInputs([2, 2, 5, 6], seed: 12)
        gradCheck(g, "maxPool2d (2, 3) s(2, 1) p(1, 0)") { maxPool2d($0, kernelSize: (2, 3), stride: (2, 1), padding: (1, 0)) }
        gradCheck(g, "avgPool2d (2, 3) s(1, 2) p(1, 1)") { avgPool2d($0, kernelSize: (2, 3), stride: (1, 2), padding: (1, 1)) }

        // Layers print their sizes as given, as PyTorch does.
        XCTAssertEqual("\(MaxPool2d((2, 1)))", "MaxPool2d(kernel_size=(2, 1), stride=(2, 1), padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual("\(AvgPool2d((2, 1), stride: (1, 1), padding: (1, 0)))", "AvgPool2d(kernel_size=(2, 1), stride=(1, 1), padding=(1, 0))")
        XCTAssertEqual("\(MaxPool2d(2))", "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual(MaxPool2d((2, 1))(zeros(1, 3, 4, 4)).shape, [1, 3, 2, 4])
    }

    func testAdaptivePoolValues() {
        let x = arange(25).reshape(1, 1, 5, 5)
        // 5 → 2 windows: 0..<3 and 2..<5 (they overlap).
        assertValues(adaptiveAvgPool2d(x, outputSize: 2), [6, 8, 16, 18], shape: [1, 1, 2, 2])
        // 5 → 3 rows: 0..<2, 1..<4, 3..<5.
        assertValues(adaptiveMaxPool2d(x, outputSize: (3, 2)), [7, 9, 17, 19, 22, 24], shape: [1, 1, 3, 2])
        assertValues(adaptiveMaxPool2d(x, outputSize: 1), [24], shape: [1, 1, 1, 1])
        assertValues(adaptiveAvgPool2d(x, outputSize: 1), [12], shape: [1, 1, 1, 1])
        // Larger output than input repeats elements.
        assertValues(adaptiveAvgPool2d(Tensor([1, 2], shape: [1, 1, 1, 2]), outputSize: (1, 3)), [1, 1.5, 2], shape: [1, 1, 1, 3])
    }

    func testGradients() {
        let x = separatedInputs([2, 3, 6, 6], seed: 11)
        gradCheck(x, "maxPool2d k2") { maxPool2d($0, kernelSize: 2) }
        gradCheck(x, "maxPool2d k3 s2 p1") { maxPool2d($0, kernelSize: 3, stride: 2, padding: 1) }
        gradCheck(x, "avgPool2d k2") { avgPool2d($0, kernelSize: 2) }
        gradCheck(x, "avgPool2d k3 s2 p1") { avgPool2d($0, kernelSize: 3, stride: 2, padding: 1) }
        gradCheck(x, "adaptiveMaxPool2d 1") { adaptiveMaxPool2d($0, outputSize: 1) }
        gradCheck(x, "adaptiveMaxPool2d (4,5)") { adaptiveMaxPool2d($0, outputSize: (4, 5)) }
        gradCheck(x, "adaptiveAvgPool2d 1") { adaptiveAvgPool2d($0, outputSize: 1) }
        gradCheck(x, "adaptiveAvgPool2d (4,5)") { adaptiveAvgPool2d($0, outputSize: (4, 5)) }
    }

    /// MaxPool2d(2)'s vectorised rows (8 outputs a step, then the rest one by one) against the
    /// scan written out here: values from a few integers (ties everywhere), NaNs, −∞ windows,
    /// an odd height and width (the last row and column dropped), 18 outputs a row.
    func testMaxPool2x2MatchesTheScanWithTiesAndNaN() {
        let (planes, h, w) = (6, 7, 37)
        var rng = RandomGenerator(seed: 5)
        var values = (0..<(planes * h * w)).map { _ in Float(Int(rng.nextUniform() * 4)) }
        for i in stride(from: 3, to: values.count, by: 41) { values[i] = .nan }
        for i in stride(from: 0, to: values.count, by: 29) { values[i] = -.infinity }
        for i in [0, 1, w, w + 1] { values[i] = -.infinity }  // a window of −∞ only
        let x = Tensor(values, shape: [2, 3, h, w]).requiresGrad_()
        let y = maxPool2d(x, kernelSize: 2)
        XCTAssertEqual(y.shape, [2, 3, 3, 18])
        var expected = [Float](), expectedGrad = [Float](repeating: 0, count: values.count)
        for p in 0..<planes {
            for oy in 0..<3 {
                for ox in 0..<18 {
                    var best = -Float.infinity, at = p * h * w + 2 * oy * w + 2 * ox
                    for dy in 0..<2 {
                        for dx in 0..<2 {
                            let i = p * h * w + (2 * oy + dy) * w + 2 * ox + dx
                            if values[i] > best || values[i].isNaN { best = values[i]; at = i }
                        }
                    }
                    expected.append(best)
                    expectedGrad[at] += 1
                }
            }
        }
        XCTAssertEqual(y.scalars.map { $0.isNaN ? 1e9 : $0 }, expected.map { $0.isNaN ? 1e9 : $0 })
        XCTAssertTrue(y.scalars.contains { $0.isNaN } && y.scalars.contains(-.infinity))
        y.sum().backward()
        XCTAssertEqual(x.grad!.scalars, expectedGrad)
    }

    func testMaxGradientGoesToTheFirstMaximum() {
        let x = Tensor([1, 3, 3, 0], shape: [1, 1, 2, 2]).requiresGrad_()
        maxPool2d(x, kernelSize: 2).sum().backward()
        XCTAssertEqual(x.grad!.scalars, [0, 1, 0, 0])
    }

    func testGoldenAgainstPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        let ops: [(String, (Tensor) -> Tensor)] = [
            ("maxpool2", { maxPool2d($0, kernelSize: 2) }),
            ("avgpool8", { avgPool2d($0, kernelSize: 8) }),      // 32x32 → 4x4: kernel 8, stride 8
            ("adaptive_max1", { adaptiveMaxPool2d($0, outputSize: 1) }),
        ]
        for (name, op) in ops {
            let x = t["\(name).in0"]!.requiresGrad_()
            let y = op(x)
            assertClose(y, t["\(name).out"]!, 1e-4, name)
            y.backward(gradient: t["\(name).gradout"]!)
            assertClose(x.grad!, t["\(name).grad0"]!, 1e-3, "\(name) grad")
        }
    }
}
