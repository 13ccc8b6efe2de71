import XCTest
@testable import Engine

/// The kernel microbenchmark, run only on request (it takes ~10-20 s):
///     LESSONS_BENCH=1 swift test --filter EngineTests.MicrobenchTests
/// Optional: LESSONS_BENCH_THREADS=1,2   LESSONS_BENCH_REPEATS=3   LESSONS_BENCH_PASSES=1 (time dx, dW apart)
final class MicrobenchTests: XCTestCase {
    func testConvAndSgemmRates() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LESSONS_BENCH"] != nil else { throw XCTSkip("set LESSONS_BENCH=1 to run the microbenchmark") }
        let threads = (env["LESSONS_BENCH_THREADS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let repeats = Int(env["LESSONS_BENCH_REPEATS"] ?? "") ?? 3
        print(Microbench.report(threads: threads, repeats: repeats, breakdown: env["LESSONS_BENCH_PASSES"] != nil))
    }

    /// The benchmark's code paths run (tiny shapes, so this is fast).
    func testBenchmarkRunsOnTinyShapes() {
        let r = Microbench.conv(Microbench.ConvShape(2, 3, size: 5, batch: 2), threads: 1, repeats: 1)
        XCTAssertGreaterThan(r.forward.medianGFLOPs, 0)
        XCTAssertGreaterThan(r.training.medianGFLOPs, 0)
        XCTAssertTrue(Microbench.report(threads: [1], shapes: [Microbench.ConvShape(1, 1, size: 3, batch: 1)], repeats: 1)
            .contains("of sgemm"))
    }
}

/// A training step of the CIFAR ResNet [2,2,2] written with the functional ops (no
/// modules), to time and profile the ops together:
///     LESSONS_BENCH=1 swift test --filter EngineTests.ResNetStepBench
final class ResNetStepBench: XCTestCase {
    /// conv → bn (→ relu) parameters of one layer.
    private struct ConvBN {
        let w: Tensor, gamma: Tensor, beta: Tensor, mean: Tensor, variance: Tensor, stride: Int
        init(_ cin: Int, _ cout: Int, stride: Int = 1) {
            w = (randn(cout, cin, 3, 3) * (2 / Float(cin * 9)).squareRoot()).detach().requiresGrad_()
            gamma = ones(cout).requiresGrad_(); beta = zeros(cout).requiresGrad_()
            mean = zeros(cout); variance = ones(cout); self.stride = stride
        }
        func callAsFunction(_ x: Tensor) -> Tensor {
            batchNorm(conv2d(x, w, nil, stride: stride, padding: 1), runningMean: mean, runningVar: variance,
                      weight: gamma, bias: beta, training: true)
        }
        var parameters: [Tensor] { [w, gamma, beta] }
    }

    private struct Block {
        let a: ConvBN, b: ConvBN, down: ConvBN?
        init(_ cin: Int, _ cout: Int, stride: Int) {
            a = ConvBN(cin, cout, stride: stride); b = ConvBN(cout, cout)
            down = stride != 1 || cin != cout ? ConvBN(cin, cout, stride: stride) : nil
        }
        func callAsFunction(_ x: Tensor) -> Tensor {
            let y = b(a(x).relu())
            return (y + (down?(x) ?? x)).relu()
        }
        var parameters: [Tensor] { a.parameters + b.parameters + (down?.parameters ?? []) }
    }

    func testTrainingThroughput() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LESSONS_BENCH"] != nil else { throw XCTSkip("set LESSONS_BENCH=1 to run the ResNet step benchmark") }
        let batch = Int(env["LESSONS_BENCH_BATCH"] ?? "") ?? 128
        let steps = Int(env["LESSONS_BENCH_STEPS"] ?? "") ?? 3
        manualSeed(1)
        let stem = ConvBN(3, 16)
        // As the course builds it: every layer at stride 1 (32x32 throughout); a 3x3
        // conv + BN "downsample" where the channel count changes; AvgPool2d(8) → 64·4·4.
        let blocks = [Block(16, 16, stride: 1), Block(16, 16, stride: 1), Block(16, 32, stride: 1), Block(32, 32, stride: 1),
                      Block(32, 64, stride: 1), Block(64, 64, stride: 1)]
        let fcW = (randn(1024, 10) * 0.03).detach().requiresGrad_(), fcB = zeros(10).requiresGrad_()
        let params = stem.parameters + blocks.flatMap(\.parameters) + [fcW, fcB]
        let x = randn(batch, 3, 32, 32)
        let labels = (0..<batch).map { $0 % 10 }
        let pick = zeros(batch, 10)
        for (i, l) in labels.enumerated() { pick.data[i * 10 + l] = 1 }
        for threads in (env["LESSONS_BENCH_THREADS"] ?? "1").split(separator: ",").compactMap({ Int($0) }) {
            Threads.set(threads)
            var times: [Double] = [], cpuTimes: [Double] = []
            func cpuNow() -> Double { var t = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
            for step in 0...steps {
                let start = DispatchTime.now().uptimeNanoseconds, cpuStart = cpuNow()
                var h = stem(x)
                for block in blocks { h = block(h) }
                let pooled = avgPool2d(h, kernelSize: 8).reshape(batch, 1024)
                let logits = pooled.matmul(fcW) + fcB
                let loss = -(logSoftmax(logits, dim: 1) * pick).sum() / Float(batch)
                loss.backward()
                noGrad { for p in params { p -= p.grad! * 0.001; p.zeroGrad() } }
                if step > 0 {
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                    cpuTimes.append(cpuNow() - cpuStart)
                }
            }
            times.sort(); cpuTimes.sort()
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(String(format: "functional ResNet [2,2,2] train step, batch %d, %d thread(s): median %.3f s = %.1f img/s"
                         + " (process CPU time per step %.3f s; peak RSS so far %.0f MB)",
                         batch, threads, times[times.count / 2], Double(batch) / times[times.count / 2], cpuTimes[cpuTimes.count / 2],
                         Double(usage.ru_maxrss) / 1024))
        }
        Threads.set(ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// A training step of the course's MNIST residual CNN (stride-2, padding-15 convolutions,
/// a broadcasting skip connection, adaptive max pooling) with the functional ops:
///     LESSONS_BENCH=1 swift test --filter EngineTests.MnistStepBench
final class MnistStepBench: XCTestCase {
    private struct ConvBN {
        let w: Tensor, b: Tensor, gamma: Tensor, beta: Tensor, stride: Int, padding: Int
        init(_ cin: Int, _ cout: Int, stride: Int, padding: Int) {
            w = (randn(cout, cin, 3, 3) * (1 / Float(cin * 9)).squareRoot()).detach().requiresGrad_()
            b = zeros(cout).requiresGrad_(); gamma = ones(cout).requiresGrad_(); beta = zeros(cout).requiresGrad_()
            self.stride = stride; self.padding = padding
        }
        func callAsFunction(_ x: Tensor) -> Tensor {
            batchNorm(conv2d(x, w, b, stride: stride, padding: padding), runningMean: nil, runningVar: nil,
                      weight: gamma, bias: beta, training: true)
        }
        var parameters: [Tensor] { [w, b, gamma, beta] }
    }

    func testTrainingThroughput() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LESSONS_BENCH"] != nil else { throw XCTSkip("set LESSONS_BENCH=1 to run the MNIST step benchmark") }
        let batch = 64, steps = Int(env["LESSONS_BENCH_STEPS"] ?? "") ?? 10
        manualSeed(2)
        let layers = [ConvBN(1, 8, stride: 2, padding: 15), ConvBN(8, 16, stride: 2, padding: 15),
                      ConvBN(16, 32, stride: 2, padding: 15), ConvBN(32, 16, stride: 2, padding: 15),
                      ConvBN(16, 10, stride: 2, padding: 1)]
        let params = layers.flatMap(\.parameters)
        let x = randn(batch, 1, 28, 28)
        let pick = zeros(batch, 10)
        for i in 0..<batch { pick.data[i * 10 + i % 10] = 1 }
        var times: [Double] = []
        for step in 0...steps {
            let start = DispatchTime.now().uptimeNanoseconds
            var h = x + layers[1](layers[0](x).relu()).relu()
            h = h + layers[3](layers[2](h).relu()).relu()
            let logits = adaptiveMaxPool2d(layers[4](h), outputSize: 1).view(-1, 10)
            let loss = -(logSoftmax(logits, dim: 1) * pick).sum() / Float(batch)
            loss.backward()
            noGrad { for p in params { p -= p.grad! * 0.01; p.zeroGrad() } }
            if step > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
        }
        times.sort()
        print(String(format: "functional MNIST ResNet train step, batch %d, %d thread(s): median %.4f s = %.0f img/s",
                     batch, Threads.count, times[times.count / 2], Double(batch) / times[times.count / 2]))
    }
}
