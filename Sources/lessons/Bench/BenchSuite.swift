import ArgumentParser
import CourseModels
import Engine
import Foundation

/// What `lessons bench` measures, in order: sgemm, conv2d, the course models, then the
/// peak memory of ResNet training (in a child process, so nothing else inflates it).
struct BenchSuite {
    /// The `--models` keys: kernels, models and the memory measurement.
    static let keys = ["sgemm", "conv"] + ModelWorkload.all.map(\.key) + ["memory"]
    /// The 3x3 convolution shapes of issue 6 (all at 32x32, batch 128).
    static let convShapes = [16, 32, 64].map { Microbench.ConvShape($0, $0, size: 32, batch: 128) }
    static let memoryOnlyName = "resnet-train-memory"

    let threads: [Int]
    let keys: Set<String>
    let timer: BenchTimer
    /// Training steps the memory child runs after its warm-up step.
    let memorySteps: Int

    /// Runs every selected figure, reporting progress on stderr.
    func run() throws -> BenchRun {
        var result = BenchRun(engine: "lessons", version: engineVersion, threads: threads)
        func add(_ f: BenchMeasurement) {
            result.measurements.append(f)
            progress(String(format: "  %@ (%dt): %.2f %@", f.name, f.threads, f.median, f.unit))
        }
        for t in threads {
            Threads.set(t)
            progress("threads = \(t)")
            if keys.contains("sgemm") {
                for n in [512, 1024, 2048] {
                    let a = randn(n, n), b = randn(n, n)
                    add(timer.rate("sgemm \(n)", threads: t, unit: "GFLOP/s", work: 2 * Double(n * n * n) / 1e9) {
                        _ = noGrad { a.matmul(b) }
                    })
                }
            }
            if keys.contains("conv") {
                for s in Self.convShapes { add(conv(s, t).forward); add(conv(s, t).training) }
            }
            for w in ModelWorkload.all where keys.contains(w.key) {
                manualSeed(0)
                let (train, infer) = w.make()
                add(timer.rate("\(w.label) train", threads: t, unit: "img/s", work: Double(w.batch), train))
                add(timer.rate("\(w.label) inference", threads: t, unit: "img/s", work: Double(w.batch), infer))
            }
            if keys.contains("memory") {
                for f in try memoryInChild(threads: t) { add(f) }
            }
        }
        return result
    }

    /// conv2d forward, and forward + backward (input, weight, bias gradients: 3x the FLOPs).
    private func conv(_ s: Microbench.ConvShape, _ t: Int) -> (forward: BenchMeasurement, training: BenchMeasurement) {
        let x = randn(s.batch, s.inChannels, s.size, s.size).requiresGrad_()
        let w = (randn(s.outChannels, s.inChannels, 3, 3) * 0.1).detach().requiresGrad_()
        let b = zeros(s.outChannels).requiresGrad_()
        let g = randn(s.batch, s.outChannels, s.outSize, s.outSize)
        let name = "conv3x3 \(s.inChannels)->\(s.outChannels) @\(s.size)x\(s.size) b\(s.batch)"
        let forward = timer.rate("\(name) forward", threads: t, unit: "GFLOP/s", work: s.forwardFLOPs / 1e9) {
            _ = noGrad { conv2d(x, w, b, stride: 1, padding: 1) }
        }
        let training = timer.rate("\(name) fwd+bwd", threads: t, unit: "GFLOP/s", work: 3 * s.forwardFLOPs / 1e9) {
            x.zeroGrad(); w.zeroGrad(); b.zeroGrad()
            conv2d(x, w, b, stride: 1, padding: 1).backward(gradient: g)
        }
        return (forward, training)
    }

    /// Runs `lessons bench --only resnet-train-memory` as a child and reads its measurements.
    private func memoryInChild(threads t: Int) throws -> [BenchMeasurement] {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["bench", "--only", Self.memoryOnlyName, "--threads", "\(t)", "--memory-steps", "\(memorySteps)"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0, let run = try? BenchRun.decode(data) else {
            throw ValidationError("the memory child process failed (status \(child.terminationStatus))")
        }
        return run.measurements
    }

    /// The child's side: ResNet [2,2,2] training at batch 128 in this fresh process; the
    /// peak resident set (VmHWM) after the steps, and its rise over the resident set just
    /// before the first step (model, data and optimiser already built).
    static func resnetTrainMemory(threads t: Int, steps: Int) -> BenchRun {
        Threads.set(t)
        manualSeed(0)
        let (train, _) = ModelWorkload.cifar.make()
        let before = MachineInfo.statusMiB("VmRSS") ?? 0
        for _ in 0...steps { train() }
        let peak = MachineInfo.statusMiB("VmHWM") ?? 0
        var run = BenchRun(engine: "lessons", version: engineVersion, threads: [t])
        run.measurements = [
            BenchMeasurement(name: "cifar-resnet222 b128 train peak RSS", threads: t, unit: "MiB", higherIsBetter: false, values: [peak]),
            BenchMeasurement(name: "cifar-resnet222 b128 train peak RSS over start", threads: t, unit: "MiB", higherIsBetter: false,
                        values: [peak - before]),
        ]
        return run
    }
}

/// A progress line on stderr.
func progress(_ line: String) {
    FileHandle.standardError.write((line + "\n").data(using: .utf8)!)
}
