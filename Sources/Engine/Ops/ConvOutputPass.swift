/// What a convolution's forward pass does to each image's output after the kernel wrote it:
/// add a residual of the output's shape, then clamp at 0. The direct kernels apply it to each
/// image right after writing it, while it is in cache; the GEMM path (strided, 1x1) once the
/// batch is written, image by image in parallel.
/// That is a residual block's `relu(bn(conv(x)) + shortcut)` at inference (with batch norm
/// folded into the convolution), without the add's and ReLU's own passes over the whole
/// batch through memory (the two took 9 % of a CIFAR ResNet's inference on two threads, in a
/// perf profile on an Intel Xeon). In the same order as the layers: add, then ReLU.
struct ConvOutputPass {
    /// Added to the output, laid out as the output ([batch, channels, outH, outW]).
    var residual: UnsafePointer<Float>? = nil
    /// Whether the sum is clamped at 0.
    var relu = false

    /// Leaves the output as the kernel wrote it.
    static let none = ConvOutputPass()

    /// Whether there is anything to do.
    var isNone: Bool { residual == nil && !relu }

    /// Applies the pass to image `image` of the output (`count` floats an image).
    @inline(__always)
    func apply(_ out: UnsafeMutablePointer<Float>, image: Int, count: Int) {
        let o = out + image * count
        switch (residual.map { $0 + image * count }, relu) {
        case let (r?, true): for i in 0..<count { let v = o[i] + r[i]; o[i] = v > 0 ? v : 0 }
        case let (r?, false): for i in 0..<count { o[i] += r[i] }
        case (nil, true): for i in 0..<count { o[i] = o[i] > 0 ? o[i] : 0 }
        case (nil, false): break
        }
    }
}
