import CKernels
import Foundation
import XCTest
@testable import Engine

/// A direct convolution in Double, forward and backward, as the reference.
private struct NaiveConv {
    /// (height, width) each.
    let stride: (Int, Int), padding: (Int, Int)

    init(stride: Int, padding: Int) { self.init(stride: (stride, stride), padding: (padding, padding)) }
    init(stride: (Int, Int), padding: (Int, Int)) { self.stride = stride; self.padding = padding }

    func forward(_ x: Tensor, _ w: Tensor, _ b: Tensor?) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (wd + 2 * padding.1 - kw) / stride.1 + 1
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        visit(x, w) { b0, oc, y, xx, ci, i, j, iy, ix in
            out[((b0 * o + oc) * oh + y) * ow + xx] += Double(x.data[((b0 * c + ci) * h + iy) * wd + ix])
                * Double(w.data[((oc * c + ci) * kh + i) * kw + j])
        }
        if let b { for k in 0..<out.count { out[k] += Double(b.data[(k / (oh * ow)) % o]) } }
        return out
    }

    /// (dx, dw, db) for upstream gradient g.
    func backward(_ x: Tensor, _ w: Tensor, _ g: Tensor) -> ([Double], [Double], [Double]) {
        let (c, h, wd) = (x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (oh, ow) = (g.shape[2], g.shape[3])
        var gx = [Double](repeating: 0, count: x.count), gw = [Double](repeating: 0, count: w.count)
        var gb = [Double](repeating: 0, count: o)
        visit(x, w) { b0, oc, y, xx, ci, i, j, iy, ix in
            let gv = Double(g.data[((b0 * o + oc) * oh + y) * ow + xx])
            gx[((b0 * c + ci) * h + iy) * wd + ix] += gv * Double(w.data[((oc * c + ci) * kh + i) * kw + j])
            gw[((oc * c + ci) * kh + i) * kw + j] += gv * Double(x.data[((b0 * c + ci) * h + iy) * wd + ix])
        }
        for k in 0..<g.count { gb[(k / (oh * ow)) % o] += Double(g.data[k]) }
        return (gx, gw, gb)
    }

    private func visit(_ x: Tensor, _ w: Tensor, _ body: (Int, Int, Int, Int, Int, Int, Int, Int, Int) -> Void) {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (wd + 2 * padding.1 - kw) / stride.1 + 1
        for b in 0..<n { for oc in 0..<o { for y in 0..<oh { for xx in 0..<ow {
            for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
                let iy = y * stride.0 - padding.0 + i, ix = xx * stride.1 - padding.1 + j
                if iy >= 0 && iy < h && ix >= 0 && ix < wd { body(b, oc, y, xx, ci, i, j, iy, ix) }
            } } }
        } } } }
    }
}

final class ConvTests: XCTestCase {
    override func tearDown() { Threads.set(ProcessInfo.processInfo.activeProcessorCount) }

    func testKnownSmallCase() {
        // 1 image, 1 channel 3x3, 2x2 kernel of ones, no padding: sums of 2x2 blocks.
        let x = Tensor((1...9).map(Float.init), shape: [1, 1, 3, 3])
        let w = ones(1, 1, 2, 2)
        assertValues(conv2d(x, w, nil), [12, 16, 24, 28], shape: [1, 1, 2, 2])
        // Padding 1, stride 2, bias 0.5: corners of the padded image.
        assertValues(conv2d(x, w, Tensor([0.5]), stride: 2, padding: 1), [1.5, 5.5, 11.5, 28.5], shape: [1, 1, 2, 2])
        // The course's stride 2, padding 15 on 28x28 keeps 28x28.
        XCTAssertEqual(conv2d(zeros(2, 1, 28, 28), zeros(8, 1, 3, 3), zeros(8), stride: 2, padding: 15).shape, [2, 8, 28, 28])
        // One image without the batch dimension.
        XCTAssertEqual(conv2d(zeros(3, 5, 5), zeros(4, 3, 3, 3), nil, padding: 1).shape, [4, 5, 5])
    }

    /// Forward and backward against the direct Double reference, over shapes that exercise
    /// chunking (several images per GEMM, ragged last chunk), both thread counts, strides,
    /// padding, rectangular and 1x1 kernels.
    func testMatchesDirectConvolution() {
        let cases: [(x: [Int], w: [Int], stride: Int, padding: Int, bias: Bool)] = [
            ([45, 3, 7, 7], [4, 3, 3, 3], 1, 1, true),
            ([5, 2, 9, 8], [3, 2, 3, 3], 2, 1, false),
            ([3, 1, 28, 28], [4, 1, 3, 3], 2, 15, true),
            ([3, 2, 28, 28], [2, 2, 3, 3], 1, 15, true),
            ([4, 2, 6, 7], [3, 2, 2, 3], 2, 0, true),
            ([2, 3, 8, 8], [2, 3, 3, 3], 3, 0, false),
            ([37, 5, 4, 4], [6, 5, 1, 1], 1, 0, true),
            ([3, 4, 6, 6], [5, 4, 1, 1], 2, 0, false),
            ([2, 16, 8, 8], [8, 16, 5, 5], 1, 2, true),
            // 3x3 stride 1 (the direct kernels): widths around multiples of 8, channel
            // counts that do not fill a block of 4, padding 0 and 2, one input channel.
            ([3, 5, 9, 13], [5, 5, 3, 3], 1, 1, true),
            ([2, 3, 5, 17], [6, 3, 3, 3], 1, 0, false),
            ([5, 1, 11, 8], [7, 1, 3, 3], 1, 2, true),
            ([4, 16, 8, 8], [16, 16, 3, 3], 1, 1, true),
            ([2, 2, 3, 3], [3, 2, 3, 3], 1, 0, true),
            // Outputs that see only padding (skipped by the GEMM path): rectangular images.
            ([7, 2, 4, 20], [3, 2, 3, 3], 2, 4, true),
            ([2, 3, 9, 2], [2, 3, 3, 3], 3, 5, false),
            // Wide enough for several 96-pixel groups of the AVX-512 kernel, and a 5x5 kernel.
            ([2, 4, 32, 32], [6, 4, 3, 3], 1, 1, true),
            ([3, 3, 16, 21], [5, 3, 5, 5], 1, 2, true),
            // The in-place AVX-512 kernels (width kept): rows of 1, of 16 and a tail of 8, and
            // 31 (every flat vector straddles rows); a 1x1 image; a 7x7 kernel on a 16-wide one.
            ([3, 2, 1, 1], [3, 2, 3, 3], 1, 1, true),
            ([2, 3, 6, 40], [5, 3, 3, 3], 1, 1, true),
            ([2, 2, 9, 31], [3, 2, 3, 3], 1, 1, true),
            ([2, 3, 7, 1], [4, 3, 3, 3], 1, 1, false),
            ([2, 4, 5, 16], [4, 4, 7, 7], 1, 3, false),
            // Widths that divide 96, several blocks between the first and last rows (which share
            // their lane masks), a 5x5 kernel's among them; 4 live channels store in place, 3 not.
            ([2, 3, 24, 24], [7, 3, 5, 5], 1, 2, true),
            ([2, 2, 20, 32], [8, 2, 3, 3], 1, 1, false),
            // The CIFAR ResNet's shapes: several groups of input channels, several blocks.
            ([2, 3, 32, 32], [16, 3, 3, 3], 1, 1, false),
            ([3, 16, 32, 32], [16, 16, 3, 3], 1, 1, false),
            ([2, 21, 16, 16], [6, 21, 3, 3], 1, 1, true),
            ([3, 32, 8, 8], [24, 32, 3, 3], 1, 1, true),
            // Images a vector holds whole rows of (the weight gradient's flat passes, and the
            // forward's 4-vector block): 4 and 2 wide, an odd number of rows.
            ([5, 3, 4, 4], [5, 3, 3, 3], 1, 1, true),
            ([3, 2, 7, 2], [3, 2, 3, 3], 1, 1, true),
        ]
        forEachKernelISA { isa in
          for threads in [1, 2] {
            Threads.set(threads)
            for (k, c) in cases.enumerated() {
                let label = "case \(k) \(c) threads \(threads) path \(isa)"
                let x = randomInput(c.x, seed: UInt64(k) + 1)
                let w = randomInput(c.w, seed: UInt64(k) + 100)
                let b: Tensor? = c.bias ? randomInput([c.w[0]], seed: UInt64(k) + 200) : nil
                let ref = NaiveConv(stride: c.stride, padding: c.padding)
                let y = conv2d(x, w, b, stride: c.stride, padding: c.padding)
                XCTAssertLessThan(relativeError(y.scalars, ref.forward(x, w, b).map(Float.init)), 1e-5, label)
                let g = randomInput(y.shape, seed: UInt64(k) + 300, requiresGrad: false)
                x.zeroGrad(); w.zeroGrad(); b?.zeroGrad()
                y.backward(gradient: g)
                let (gx, gw, gb) = ref.backward(x, w, g)
                XCTAssertLessThan(relativeError(x.grad!.scalars, gx.map(Float.init)), 1e-5, "dx " + label)
                XCTAssertLessThan(relativeError(w.grad!.scalars, gw.map(Float.init)), 1e-5, "dw " + label)
                if let b { XCTAssertLessThan(relativeError(b.grad!.scalars, gb.map(Float.init)), 1e-5, "db " + label) }
            }
          }
        }
    }

    /// The direct kernels sum the weight and bias gradients per fixed slice of the batch, which
    /// threads take in whatever order they come free, and add the slices up in order: the same
    /// bits on 1 and 2 threads, and from run to run. (The GEMM path sums per thread.)
    func testDirectWeightGradientIsTheSameOnAnyThreadCount() {
        let x = randomInput([45, 5, 9, 12], seed: 7), w = randomInput([6, 5, 3, 3], seed: 8)
        let b = randomInput([6], seed: 9)
        let g = randomInput([45, 6, 9, 12], seed: 10, requiresGrad: false)
        forEachKernelISA { isa in
            guard ConvKernels.direct else { return }
            var seen: [[Float]] = []
            for threads in [1, 2, 2] {
                Threads.set(threads)
                x.zeroGrad(); w.zeroGrad(); b.zeroGrad()
                conv2d(x, w, b, stride: 1, padding: 1).backward(gradient: g)
                seen.append(w.grad!.scalars + b.grad!.scalars)
            }
            let differ = { (a: [Float], b: [Float]) in zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
            XCTAssert(seen[0] == seen[1], "1 vs 2 threads differ by up to \(differ(seen[0], seen[1])), path \(isa)")
            XCTAssert(seen[1] == seen[2], "2 threads twice differ by up to \(differ(seen[1], seen[2])), path \(isa)")
        }
    }

    /// Rectangular kernels with their own stride and padding per axis, against the naive
    /// reference on both paths (direct kernels only take stride 1).
    func testPerAxisStrideAndPaddingMatchDirectConvolution() {
        let cases: [(x: [Int], w: [Int], stride: (Int, Int), padding: (Int, Int))] = [
            ([3, 2, 7, 9], [4, 2, 1, 3], (1, 1), (0, 1)),
            ([3, 2, 7, 9], [4, 2, 3, 1], (1, 1), (1, 0)),
            ([2, 3, 8, 6], [2, 3, 2, 3], (2, 1), (1, 2)),
            ([2, 3, 6, 8], [5, 3, 3, 3], (1, 3), (2, 0)),
            ([4, 1, 9, 5], [3, 1, 5, 2], (1, 1), (3, 1)),
            // Width kept, height not: the in-place AVX-512 kernels with vertical padding 0 and 2
            // (their weight gradient sums the bias gradient along at padding ≤ 1 only).
            ([3, 3, 8, 20], [5, 3, 3, 3], (1, 1), (0, 1)),
            ([3, 3, 8, 20], [5, 3, 3, 3], (1, 1), (2, 1)),
            ([2, 2, 3, 17], [3, 2, 3, 5], (1, 1), (3, 2)),
        ]
        forEachKernelISA { isa in
            for (k, c) in cases.enumerated() {
                let label = "case \(k) \(c) path \(isa)"
                let x = randomInput(c.x, seed: UInt64(k) + 11), w = randomInput(c.w, seed: UInt64(k) + 111)
                let b = randomInput([c.w[0]], seed: UInt64(k) + 211)
                let ref = NaiveConv(stride: c.stride, padding: c.padding)
                let y = conv2d(x, w, b, stride: c.stride, padding: c.padding)
                XCTAssertLessThan(relativeError(y.scalars, ref.forward(x, w, b).map(Float.init)), 1e-5, label)
                let g = randomInput(y.shape, seed: UInt64(k) + 311, requiresGrad: false)
                y.backward(gradient: g)
                let (gx, gw, gb) = ref.backward(x, w, g)
                XCTAssertLessThan(relativeError(x.grad!.scalars, gx.map(Float.init)), 1e-5, "dx " + label)
                XCTAssertLessThan(relativeError(w.grad!.scalars, gw.map(Float.init)), 1e-5, "dw " + label)
                XCTAssertLessThan(relativeError(b.grad!.scalars, gb.map(Float.init)), 1e-5, "db " + label)
            }
        }
    }

    /// Values printed by PyTorch 2.15 for `F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2))`
    /// with x = arange(1, 61).reshape(1, 2, 5, 6) / 10, w = (arange(1, 37).reshape(3, 2, 2, 3) − 18) / 20.
    func testRectangularConvolutionMatchesPyTorch() {
        let x = Tensor((1...60).map { Float($0) / 10 }, shape: [1, 2, 5, 6])
        let w = Tensor((1...36).map { (Float($0) - 18) / 20 }, shape: [3, 2, 2, 3])
        let y = conv2d(x, w, Tensor([0.1, -0.2, 0.3] as [Float]), stride: (2, 1), padding: (1, 2))
        XCTAssertEqual(y.shape, [1, 3, 3, 8])
        let expected: [Float] = [
            -0.89, -2.13, -3.63, -3.93, -4.23, -4.53, -3.3, -1.76, -4.16, -9.13, -14.83, -15.52, -16.21, -16.9, -12.07, -6.41,
            -6.68, -14.41, -23.11, -23.8, -24.49, -25.18, -17.83, -9.41, 0.73, 1.53, 2.19, 2.25, 2.31, 2.37, 1.32, 0.46,
            1.54, 2.81, 3.59, 3.62, 3.65, 3.68, 1.79, 0.49, 1.9, 3.29, 3.95, 3.98, 4.01, 4.04, 1.79, 0.37,
            3.15, 5.99, 8.81, 9.23, 9.65, 10.07, 6.74, 3.48, 8.04, 15.55, 22.81, 23.56, 24.31, 25.06, 16.45, 8.19,
            11.28, 21.79, 31.81, 32.56, 33.31, 34.06, 22.21, 10.95]
        for (i, (a, e)) in zip(y.scalars, expected).enumerated() { XCTAssertEqual(a, e, accuracy: 1e-4, "element \(i)") }
    }

    func testRectangularLayerPrintsAndCountsLikePyTorch() {
        let conv = Conv2d(3, 16, (1, 3), stride: (1, 1), padding: (0, 1))
        XCTAssertEqual("\(conv)", "Conv2d(3, 16, kernel_size=(1, 3), stride=(1, 1), padding=(0, 1))")
        XCTAssertEqual(conv.weight.shape, [16, 3, 1, 3])
        XCTAssertEqual(conv.parameterCount, 16 * 3 * 3 + 16)
        XCTAssertEqual(conv(zeros(2, 3, 5, 7)).shape, [2, 16, 5, 7])
        XCTAssertEqual("\(Conv2d(3, 16, kernelSize: (1, 3), stride: (2, 1)))", "Conv2d(3, 16, kernel_size=(1, 3), stride=(2, 1))")
        XCTAssertEqual("\(Conv2d(3, 16, 3))", "Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))")
    }

    /// Values printed by PyTorch 2.15 for F.conv2d(x, w, b, stride=(1, 2), padding=(2, 1),
    /// dilation=(2, 1), groups=2) on fixed inputs, and the gradients of Σ y·g.
    func testDilationAndGroupsMatchPyTorch() {
        let x = Tensor((1...336).map { (Float($0 % 13) - 6) / 10 }, shape: [2, 4, 6, 7]).requiresGrad_()
        let w = Tensor((1...108).map { (Float($0 % 7) - 3) / 10 }, shape: [6, 2, 3, 3]).requiresGrad_()
        let b = Tensor([0.1, -0.2, 0.3, 0, 0.5, -0.1] as [Float]).requiresGrad_()
        let y = conv2d(x, w, b, stride: (1, 2), padding: (2, 1), dilation: (2, 1), groups: 2)
        XCTAssertEqual(y.shape, [2, 6, 6, 4])
        let expected: [Float] = [0.07, 0.05, 0.01, -0.02, -0.2, 0.56, 0.13, 0.16, 0.06, 0.16, 0.12, -0.02,
                                 0.19, 0.02, -0.02, 0.28, -0.01, 0.1, 0.18, 0.16, 0.52, -0.14, -0.32, 0.1]
        for (i, (a, e)) in zip(y.scalars.prefix(24), expected).enumerated() { XCTAssertEqual(a, e, accuracy: 1e-5, "y[\(i)]") }
        XCTAssertEqual(y.sum().item(), 28.61, accuracy: 1e-3)
        XCTAssertEqual((y * y).sum().item(), 30.6847, accuracy: 1e-3)
        let g = Tensor((0..<y.count).map { (Float($0 % 5) - 2) / 4 }, shape: y.shape)
        y.backward(gradient: g)
        let gw: [Float] = [0.325, -0.075, -0.35, -0.325, -0.25, -0.175, -0.35, -0.425, 0.025, -0.35, 0, 0.625, 0.75, 2.125, 0.5, 0.4, -0.1, -0.075]
        for (i, (a, e)) in zip(w.grad!.scalars.prefix(18), gw).enumerated() { XCTAssertEqual(a, e, accuracy: 1e-5, "dw[\(i)]") }
        XCTAssertEqual((w.grad! * w.grad!).sum().item(), 33.09063, accuracy: 1e-3)
        XCTAssertEqual(x.grad!.sum().item(), -0.65, accuracy: 1e-4)
        XCTAssertEqual((x.grad! * x.grad!).sum().item(), 12.0125, accuracy: 1e-3)
        assertValues(b.grad!, [-0.75, -0.25, 0.25, 0.75, 0, -0.75], accuracy: 1e-5)
    }

    /// One signature, as `F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1,
    /// groups=1)`: every argument in either spelling, bias left out like `linear`'s.
    func testOneNumberAndPairSpellingsTakeEveryArgument() {
        let x = Tensor((1...200).map { (Float($0 % 11) - 5) / 10 }, shape: [2, 4, 5, 5])
        let w = Tensor((1...72).map { (Float($0 % 7) - 3) / 10 }, shape: [4, 2, 3, 3])
        let pairs = conv2d(x, w, nil, stride: (2, 2), padding: (2, 2), dilation: (2, 2), groups: 2)
        let numbers = conv2d(x, w, stride: 2, padding: 2, dilation: 2, groups: 2)
        XCTAssertEqual(numbers.shape, [2, 4, 3, 3])
        XCTAssertEqual(numbers.scalars, pairs.scalars)
        XCTAssertEqual(F.conv2d(x, w, groups: 2).scalars, conv2d(x, w, nil, stride: (1, 1), groups: 2).scalars)
        let dense = Tensor((1...144).map { (Float($0 % 5) - 2) / 10 }, shape: [4, 4, 3, 3])
        XCTAssertEqual(conv2d(x, dense).scalars, conv2d(x, dense, nil, stride: 1, padding: 0).scalars)
        XCTAssertEqual(conv2d(x, dense, padding: (1, 0)).shape, [2, 4, 5, 3], "a pair alone needs no stride")
    }

    func testDilatedAndGroupedLayersPrintAndCountLikePyTorch() {
        let conv = Conv2d(4, 6, 3, padding: 2, dilation: 2, groups: 2, bias: false)
        XCTAssertEqual("\(conv)", "Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=(2, 2), dilation=(2, 2), groups=2, bias=False)")
        XCTAssertEqual(conv.weight.shape, [6, 2, 3, 3])
        XCTAssertEqual(conv(zeros(1, 4, 8, 8)).shape, [1, 6, 8, 8])
        let depthwise = Conv2d(4, 4, 3, groups: 4)
        XCTAssertEqual("\(depthwise)", "Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), groups=4)")
        XCTAssertEqual(depthwise.parameterCount, 4 * 9 + 4)
        XCTAssertEqual("\(Conv2d(4, 4, (1, 3), dilation: (1, 2)))", "Conv2d(4, 4, kernel_size=(1, 3), stride=(1, 1), dilation=(1, 2))")
    }

    func testGradients() {
        forEachKernelISA { _ in gradientChecks() }
    }

    private func gradientChecks() {
        let x = randomInput([2, 3, 6, 6], seed: 1), w = randomInput([4, 3, 3, 3], seed: 2), b = randomInput([4], seed: 3)
        gradCheck([x, w, b], "stride 1 padding 1 bias") { conv2d($0[0], $0[1], $0[2], stride: 1, padding: 1) }
        gradCheck([x, w], "stride 2 padding 1 no bias") { conv2d($0[0], $0[1], nil, stride: 2, padding: 1) }
        gradCheck([x, w, b], "stride 2 no padding") { conv2d($0[0], $0[1], $0[2], stride: 2) }
        let big = randomInput([1, 2, 28, 28], seed: 4), w2 = randomInput([3, 2, 3, 3], seed: 5), b2 = randomInput([3], seed: 6)
        gradCheck([big, w2, b2], "28x28 stride 2 padding 15") { conv2d($0[0], $0[1], $0[2], stride: 2, padding: 15) }
        let p = randomInput([2, 4, 3, 3], seed: 7), w3 = randomInput([5, 4, 1, 1], seed: 8), b3 = randomInput([5], seed: 9)
        gradCheck([p, w3, b3], "1x1") { conv2d($0[0], $0[1], $0[2]) }
        let r = randomInput([2, 2, 5, 6], seed: 10), w4 = randomInput([3, 2, 2, 3], seed: 11), b4 = randomInput([3], seed: 12)
        gradCheck([r, w4, b4], "2x3 kernel, stride (2, 1), padding (1, 2)") { conv2d($0[0], $0[1], $0[2], stride: (2, 1), padding: (1, 2)) }
        let q = randomInput([2, 4, 7, 6], seed: 13), w5 = randomInput([6, 2, 3, 2], seed: 14), b5 = randomInput([6], seed: 15)
        gradCheck([q, w5, b5], "dilation (2, 3), 2 groups") {
            conv2d($0[0], $0[1], $0[2], stride: (1, 1), padding: (2, 1), dilation: (2, 3), groups: 2)
        }
        let w6 = randomInput([4, 1, 3, 3], seed: 16)
        gradCheck([q, w6], "depthwise, stride 2") { conv2d($0[0], $0[1], nil, stride: (2, 2), padding: (1, 1), dilation: (1, 1), groups: 4) }
    }

    func testGoldenAgainstPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        try forEachKernelISA { _ in try goldenChecks(t) }
    }

    private func goldenChecks(_ t: [String: Tensor]) throws {
        // Despite its name, conv2d_s1p15 is the course's stride-2, padding-15 convolution
        // (28x28 in, 28x28 out; stride 1 would give 56x56).
        for (name, stride, padding) in [("conv2d_s1p15", 2, 15), ("conv2d_s2p1", 2, 1)] {
            let x = t["\(name).in0"]!.requiresGrad_(), w = t["\(name).in1"]!.requiresGrad_(), b = t["\(name).in2"]!.requiresGrad_()
            x.zeroGrad(); w.zeroGrad(); b.zeroGrad()  // the previous kernel path's pass left its gradients
            let y = conv2d(x, w, b, stride: stride, padding: padding)
            assertClose(y, t["\(name).out"]!, 1e-4, name)
            y.backward(gradient: t["\(name).gradout"]!)
            assertClose(x.grad!, t["\(name).grad0"]!, 1e-3, "\(name) grad input")
            assertClose(w.grad!, t["\(name).grad1"]!, 1e-3, "\(name) grad weight")
            assertClose(b.grad!, t["\(name).grad2"]!, 1e-3, "\(name) grad bias")
        }
    }

    func testOnlyRequestedGradientsAreComputed() {
        let x = randomInput([2, 3, 5, 5], seed: 1, requiresGrad: false), w = randomInput([4, 3, 3, 3], seed: 2)
        let y = conv2d(x, w, nil, padding: 1)
        y.sum().backward()
        XCTAssertNil(x.grad)
        XCTAssertEqual(w.grad?.shape, [4, 3, 3, 3])
        XCTAssertFalse(noGrad { conv2d(x, w, nil) }.requiresGrad)
    }

    /// The bias gradient comes out right whichever of the other two gradients are wanted: the
    /// in-place AVX-512 weight gradient sums it along, otherwise channelSums does.
    func testBiasGradientWithAndWithoutTheWeightGradient() {
        forEachKernelISA { isa in
            for (pad, weightWanted) in [(1, true), (1, false), (0, true), (2, true)] {
                let x = randomInput([3, 4, 6, 18], seed: 5, requiresGrad: false)
                let w = randomInput([5, 4, 3, 3], seed: 6, requiresGrad: weightWanted), b = randomInput([5], seed: 7)
                let y = conv2d(x, w, b, padding: pad)
                let g = randomInput(y.shape, seed: 8, requiresGrad: false)
                y.backward(gradient: g)
                let (_, _, gb) = NaiveConv(stride: (1, 1), padding: (pad, pad)).backward(x, w, g)
                XCTAssertLessThan(relativeError(b.grad!.scalars, gb.map(Float.init)), 1e-5, "db pad \(pad) weight \(weightWanted) path \(isa)")
                XCTAssertEqual(w.grad == nil, !weightWanted)
            }
        }
    }

    /// The in-place AVX-512 kernels read past an image (plain loads, their stray lanes masked
    /// off in the FMAs) only as far as the caller says the batch goes on: an image and its
    /// gradient flush against unreadable pages, with no neighbours declared, must neither
    /// fault nor come out different. Placed at the start of a readable region, then at its end.
    func testInPlaceKernelsReadNothingPastABatch() throws {
        guard KernelISA.avx512.isSupported else { throw XCTSkip("no AVX-512 on this CPU: the in-place kernels do not run") }
        for (c, h, w, cout) in [(4, 16, 16, 6), (3, 7, 13, 5), (5, 9, 40, 4), (2, 32, 32, 8), (3, 8, 8, 5), (2, 5, 4, 3)] {
            let geo = (pixels: h * w, image: c * h * w)
            let x = randomInput([1, c, h, w], seed: 21, requiresGrad: false)
            let wt = randomInput([cout, c, 3, 3], seed: 22, requiresGrad: false), b = randomInput([cout], seed: 23)
            let g = randomInput([1, cout, h, w], seed: 24, requiresGrad: false)
            let ref = NaiveConv(stride: 1, padding: 1)
            let y = ref.forward(x, wt, b), (_, gw, gb) = ref.backward(x, wt, g)
            var packed = [Float](repeating: 0, count: (cout + 3) / 4 * 4 * c * 9)
            ck_pack_weights(wt.data, Int32(cout), Int32(c), 3, 3, 0, &packed)
            for atEnd in [false, true] {
                let label = "\(c)x\(h)x\(w) -> \(cout), image at the \(atEnd ? "end" : "start") of its pages"
                let xs = try GuardedFloats(count: geo.image, atEnd: atEnd), gs = try GuardedFloats(count: cout * geo.pixels, atEnd: atEnd)
                xs.floats.update(from: x.data, count: geo.image)
                gs.floats.update(from: g.data, count: cout * geo.pixels)
                var out = [Float](repeating: 0, count: cout * geo.pixels)
                ck_conv_forward_same_avx512(xs.floats, Int32(c), Int32(h), Int32(w), packed, b.data, Int32(cout), 3, 3, 1, &out, Int32(h), 0, 0)
                XCTAssertLessThan(relativeError(out, y.map(Float.init)), 1e-5, "forward " + label)
                var dw = [Float](repeating: 0, count: cout * c * 9), db = [Float](repeating: 0, count: cout)
                ck_conv3x3_weight_grad_avx512(xs.floats, geo.image, gs.floats, cout * geo.pixels, 1, 0, 0,
                                              Int32(c), Int32(h), Int32(w), 1, 1, Int32(cout), &dw, &db)
                XCTAssertLessThan(relativeError(dw, gw.map(Float.init)), 1e-5, "dw " + label)
                XCTAssertLessThan(relativeError(db, gb.map(Float.init)), 1e-5, "db " + label)
            }
        }
    }
}

/// `count` floats in pages of their own with an unreadable page on either side, placed flush
/// against the page before (or, `atEnd`, the page after): a read past them faults.
private final class GuardedFloats {
    let floats: UnsafeMutablePointer<Float>
    private let base: UnsafeMutableRawPointer, length: Int

    init(count: Int, atEnd: Bool) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE))), bytes = count * MemoryLayout<Float>.stride
        let inner = (bytes + page - 1) / page * page
        length = inner + 2 * page
        guard let m = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), m != MAP_FAILED else {
            throw POSIXError(.ENOMEM)
        }
        base = m
        mprotect(base, page, PROT_NONE)
        mprotect(base + page + inner, page, PROT_NONE)
        floats = (base + page + (atEnd ? inner - bytes : 0)).bindMemory(to: Float.self, capacity: count)
    }

    deinit { munmap(base, length) }
}
