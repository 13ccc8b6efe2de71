import Foundation

/// Kernel microbenchmarks (sgemm, conv2d) for `lessons bench`: GFLOP/s at given thread counts.
public enum Microbench {
    /// One convolution shape: batch × Cin × size × size through a 3x3 kernel.
    public struct ConvShape: CustomStringConvertible, Sendable {
        /// Input channels (Cin).
        public let inChannels: Int
        /// Output channels (Cout).
        public let outChannels: Int
        /// Input height and width.
        public let size: Int
        /// Images per batch.
        public let batch: Int
        /// Stride of the 3x3 kernel.
        public let stride: Int
        /// Zero padding on each side.
        public let padding: Int
        /// A 3x3 convolution from `inChannels` to `outChannels` on `size`x`size` inputs.
        public init(_ inChannels: Int, _ outChannels: Int, size: Int, batch: Int = 128, stride: Int = 1, padding: Int = 1) {
            self.inChannels = inChannels; self.outChannels = outChannels; self.size = size; self.batch = batch
            self.stride = stride; self.padding = padding
        }
        /// Output height and width.
        public var outSize: Int { (size + 2 * padding - 3) / stride + 1 }
        /// Multiply-adds × 2 of one forward pass.
        public var forwardFLOPs: Double { 2 * Double(outChannels * inChannels * 9 * outSize * outSize * batch) }
        public var description: String {
            "conv3x3 \(inChannels)->\(outChannels) @\(size)x\(size)" + (stride == 1 && padding == 1 ? "" : " s\(stride)p\(padding)") + " b\(batch)"
        }
    }

    /// The CIFAR ResNet's 3x3 shapes at their own resolution, then at 32x32 (as issue 6 lists them).
    public static let resnetShapes: [ConvShape] = [
        ConvShape(16, 16, size: 32), ConvShape(32, 32, size: 16), ConvShape(64, 64, size: 8),
        ConvShape(32, 32, size: 32), ConvShape(64, 64, size: 32),
    ]

    /// The MNIST residual CNN's stride-2, padding-15 convolutions (28x28 in and out), batch 64.
    public static let mnistShapes: [ConvShape] = [
        ConvShape(8, 16, size: 28, batch: 64, stride: 2, padding: 15), ConvShape(16, 32, size: 28, batch: 64, stride: 2, padding: 15),
        ConvShape(32, 16, size: 28, batch: 64, stride: 2, padding: 15),
    ]

    /// One measurement: the median and the spread (min…max) of the timed runs, in GFLOP/s.
    public struct Result: Sendable {
        /// The kernel and shape measured.
        public let name: String
        /// Threads it ran on.
        public let threads: Int
        /// Median rate of the timed runs, GFLOP/s.
        public let medianGFLOPs: Double
        /// Slowest timed run, GFLOP/s.
        public let minGFLOPs: Double
        /// Fastest timed run, GFLOP/s.
        public let maxGFLOPs: Double
        /// On one thread, the median rate by the thread's CPU time rather than the wall
        /// clock: what the kernel achieves when other processes share the cores.
        public let cpuTimeGFLOPs: Double?
    }

    /// Runs `body` once to warm up, then `repeats` times, and converts the times to GFLOP/s.
    public static func measure(_ name: String, threads: Int, flops: Double, repeats: Int = 3,
                               _ body: () -> Void) -> Result {
        let previous = Threads.count
        Threads.set(threads)
        defer { Threads.set(previous) }
        body()
        var rates: [Double] = [], cpuRates: [Double] = []
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = threadCPUSeconds()
            body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            rates.append(flops / seconds / 1e9)
            cpuRates.append(flops / max(threadCPUSeconds() - cpuStart, 1e-9) / 1e9)
        }
        rates.sort(); cpuRates.sort()
        return Result(name: name, threads: threads, medianGFLOPs: rates[rates.count / 2],
                      minGFLOPs: rates.first!, maxGFLOPs: rates.last!,
                      cpuTimeGFLOPs: threads == 1 ? cpuRates[cpuRates.count / 2] : nil)
    }

    /// CPU time of the calling thread, in seconds.
    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Square n × n × n sgemm through the engine's matmul.
    public static func sgemm(size n: Int, threads: Int, repeats: Int = 3) -> Result {
        let a = randn(n, n), b = randn(n, n)
        return measure("sgemm \(n)", threads: threads, flops: 2 * Double(n * n * n), repeats: repeats) {
            _ = noGrad { a.matmul(b) }
        }
    }

    /// conv2d forward (no autograd) and forward + backward (input, weight and bias
    /// gradients; counted as 3 × the forward FLOPs).
    public static func conv(_ shape: ConvShape, threads: Int, repeats: Int = 3) -> (forward: Result, training: Result) {
        let x = randn(shape.batch, shape.inChannels, shape.size, shape.size).requiresGrad_()
        let w = (randn(shape.outChannels, shape.inChannels, 3, 3) * 0.1).detach().requiresGrad_()
        let b = zeros(shape.outChannels).requiresGrad_()
        let gradOutput = randn(shape.batch, shape.outChannels, shape.outSize, shape.outSize)
        let forward = measure("\(shape) forward", threads: threads, flops: shape.forwardFLOPs, repeats: repeats) {
            _ = noGrad { conv2d(x, w, b, stride: shape.stride, padding: shape.padding) }
        }
        let training = measure("\(shape) fwd+bwd", threads: threads, flops: 3 * shape.forwardFLOPs, repeats: repeats) {
            x.zeroGrad(); w.zeroGrad(); b.zeroGrad()
            conv2d(x, w, b, stride: shape.stride, padding: shape.padding).backward(gradient: gradOutput)
        }
        return (forward, training)
    }

    /// The two backward passes of conv2d timed apart (each including a forward pass,
    /// which is subtracted using `forward`'s median): (input gradient, weight gradient).
    public static func convBackwardPasses(_ shape: ConvShape, threads: Int, forward: Result, repeats: Int = 3)
        -> (input: Double, weight: Double) {
        let x = randn(shape.batch, shape.inChannels, shape.size, shape.size)
        let w = randn(shape.outChannels, shape.inChannels, 3, 3) * 0.1
        let gradOutput = randn(shape.batch, shape.outChannels, shape.outSize, shape.outSize)
        func pass(_ input: Bool) -> Double {
            x.requiresGrad = input; w.requiresGrad = !input
            let r = measure("", threads: threads, flops: 2 * shape.forwardFLOPs, repeats: repeats) {
                x.zeroGrad(); w.zeroGrad()
                conv2d(x, w, nil, stride: shape.stride, padding: shape.padding).backward(gradient: gradOutput)
            }
            // time(fwd + pass) − time(fwd) → the pass alone.
            let rate = { (r: Result) in r.cpuTimeGFLOPs ?? r.medianGFLOPs }
            let total = 2 * shape.forwardFLOPs / rate(r), fwd = shape.forwardFLOPs / rate(forward)
            return shape.forwardFLOPs / max(total - fwd, 1e-3)
        }
        return (pass(true), pass(false))
    }

    /// A table of sgemm and conv2d rates for each thread count, with each conv rate as a
    /// fraction of the sgemm 1024 rate at the same thread count.
    public static func report(threads: [Int] = [1, Threads.count], shapes: [ConvShape] = resnetShapes + mnistShapes,
                              repeats: Int = 3, breakdown: Bool = false) -> String {
        var lines: [String] = []
        for t in Array(Set(threads)).sorted() {
            let gemm = sgemm(size: 1024, threads: t, repeats: repeats)
            lines.append(format(gemm, reference: nil))
            for shape in shapes {
                let (f, tr) = conv(shape, threads: t, repeats: repeats)
                lines.append(format(f, reference: gemm))
                lines.append(format(tr, reference: gemm))
                if breakdown {
                    let (input, weight) = convBackwardPasses(shape, threads: t, forward: f, repeats: repeats)
                    lines.append("    backward passes alone: input grad " + String(format: "%.1f", input)
                                 + ", weight grad " + String(format: "%.1f", weight) + " GFLOP/s")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ r: Result, reference: Result?) -> String {
        let name = r.name.padding(toLength: 38, withPad: " ", startingAt: 0)
        var s = "\(name) \(r.threads)t " + String(format: "%6.1f GFLOP/s (%5.1f…%5.1f)", r.medianGFLOPs, r.minGFLOPs, r.maxGFLOPs)
        if let reference { s += String(format: " %4.0f%% of sgemm", 100 * r.medianGFLOPs / reference.medianGFLOPs) }
        if let cpu = r.cpuTimeGFLOPs {
            s += String(format: " | by CPU time %6.1f", cpu)
            if let ref = reference?.cpuTimeGFLOPs { s += String(format: " %4.0f%%", 100 * cpu / ref) }
        }
        return s
    }
}
