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
        // The kernels at every thread count in turns (BenchTimer.interleaved), so that a conv
        // against sgemm, or 2 threads against 1, compares runs of the same minutes; in four
        // times as many turns, a quarter as long (the same time in all), as the machine's speed
        // drifts within a minute.
        let kernels = kernelWorkloads()
        if !kernels.isEmpty {
            let turns = BenchTimer(warmupSeconds: timer.warmupSeconds, minSeconds: timer.minSeconds / 4, repeats: timer.repeats * 4)
            progress("kernels at \(threads.map(String.init).joined(separator: ", ")) threads, in turns")
            for f in turns.interleaved(kernels, round: { progress("  round \($0 + 1) of \(turns.repeats)") }) { add(f) }
        }
        // The models one after another: a model's step reuses the buffers its last step freed,
        // which another model's step in between would have taken.
        for t in threads {
            Threads.set(t)
            progress("threads = \(t)")
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

    /// sgemm and conv2d at every thread count, thread count by thread count; the operands are
    /// made once and shared by the thread counts.
    private func kernelWorkloads() -> [BenchWorkload] {
        let matrices = keys.contains("sgemm") ? [512, 1024, 2048].map { n in (n, randn(n, n), randn(n, n)) } : []
        let convs = keys.contains("conv") ? Self.convShapes.map(ConvOperands.init) : []
        return threads.flatMap { t in
            matrices.map { n, a, b in
                BenchWorkload(Self.sgemmName(n), threads: t, unit: "GFLOP/s", work: 2 * Double(n * n * n) / 1e9) {
                    _ = noGrad { a.matmul(b) }
                }
            } + convs.flatMap { $0.workloads(threads: t) }
        }
    }

    static func sgemmName(_ n: Int) -> String { "sgemm \(n)" }
    static func convForwardName(_ s: Microbench.ConvShape) -> String { "\(s) forward" }
    static func convTrainingName(_ s: Microbench.ConvShape) -> String { "\(s) fwd+bwd" }

    /// A convolution's operands, and its two figures: forward, and forward + backward (input,
    /// weight, bias gradients: 3x the FLOPs).
    private struct ConvOperands {
        let shape: Microbench.ConvShape
        let x: Tensor, w: Tensor, b: Tensor, g: Tensor

        init(_ s: Microbench.ConvShape) {
            shape = s
            x = randn(s.batch, s.inChannels, s.size, s.size).requiresGrad_()
            w = (randn(s.outChannels, s.inChannels, 3, 3) * 0.1).detach().requiresGrad_()
            b = zeros(s.outChannels).requiresGrad_()
            g = randn(s.batch, s.outChannels, s.outSize, s.outSize)
        }

        func workloads(threads t: Int) -> [BenchWorkload] {
            let (x, w, b, g) = (x, w, b, g)
            return [
                BenchWorkload(BenchSuite.convForwardName(shape), threads: t, unit: "GFLOP/s", work: shape.forwardFLOPs / 1e9) {
                    _ = noGrad { conv2d(x, w, b, stride: 1, padding: 1) }
                },
                BenchWorkload(BenchSuite.convTrainingName(shape), threads: t, unit: "GFLOP/s", work: 3 * shape.forwardFLOPs / 1e9) {
                    x.zeroGrad(); w.zeroGrad(); b.zeroGrad()
                    conv2d(x, w, b, stride: 1, padding: 1).backward(gradient: g)
                },
            ]
        }
    }

    /// What issue 16 asks of the convolutions, from a run's kernel figures: each shape's
    /// forward + backward against 1-thread sgemm 1024, and on the most threads against 1, as
    /// ratios of the medians and of the best runs (on a shared host, the best run is the one
    /// least slowed by others). Nil when the run has no conv figures.
    static func convTargets(_ run: BenchRun) -> String? {
        func figure(_ name: String, _ t: Int) -> BenchMeasurement? {
            run.measurements.first { $0.name == name && $0.threads == t }
        }
        let sgemm = figure(sgemmName(1024), 1), most = run.threads.max() ?? 1
        let lines: [String] = convShapes.compactMap { s in
            guard let one = figure(convTrainingName(s), 1) else { return nil }
            var parts: [String] = []
            if let sgemm {
                parts.append(String(format: "%.0f %% of 1-thread sgemm 1024 (best runs %.0f %%)",
                                    100 * one.median / sgemm.median, 100 * one.max / sgemm.max))
            }
            if most > 1, let many = figure(convTrainingName(s), most) {
                parts.append(String(format: "%d threads %.2fx 1 thread (best runs %.2fx)", most, many.median / one.median, many.max / one.max))
            }
            return parts.isEmpty ? nil : "  \(convTrainingName(s)): " + parts.joined(separator: ", ")
        }
        return lines.isEmpty ? nil : (["conv forward + backward, ratios of medians (targets: 85 % of sgemm, 1.8x on 2 threads):"] + lines)
            .joined(separator: "\n")
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
