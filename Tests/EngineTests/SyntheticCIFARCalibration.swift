import Foundation
import XCTest
import CourseModels
@testable import Engine

/// The experiment that calibrated `SyntheticCIFARDifficulty.calibrated`, run only on request
/// (minutes, most of it the ResNet):
///
///     LESSONS_CALIBRATE=1 LESSONS_THREADS=1 swift test --filter EngineTests.SyntheticCIFARCalibration
///
/// It trains lesson 4's models under lesson 4's default params on the stand-in, in memory:
/// 4,000 training images (batch file 1's generator), 2,000 test images (the test file's),
/// seed 42, batches of 128, 2 epochs of SGD lr 0.001 momentum 0.9 with NLL loss for
/// `CIFAR10Net` and the lab's ResNet; plain and residual `ConvStack`s of depth 2, 8, 20 for
/// 5 epochs at lr 0.01 (the degradation experiment). It prints test accuracies and final
/// training losses. Optional:
///   LESSONS_CALIBRATE_KNOBS="colourConfusion=0.5 backgroundTint=0.6 noise=40 …" (else the calibrated default)
///   LESSONS_CALIBRATE_PARTS=net,resnet,stacks (which models; default all)
///   LESSONS_CALIBRATE_LR=0.01 (CIFAR10Net's and the ResNet's learning rate; default 0.001)
///   LESSONS_CALIBRATE_EPOCHS=2, LESSONS_CALIBRATE_TRAIN=4000
///   LESSONS_CALIBRATE_DEPTHS=2,8,20 and LESSONS_CALIBRATE_STACKS=plain,residual (which stacks)
final class SyntheticCIFARCalibration: XCTestCase {
    func testCalibration() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LESSONS_CALIBRATE"] != nil else { throw XCTSkip("set LESSONS_CALIBRATE=1 to run the calibration") }
        var d = SyntheticCIFARDifficulty.calibrated
        for pair in (env["LESSONS_CALIBRATE_KNOBS"] ?? "").split(separator: " ") {
            let kv = pair.split(separator: "=").map(String.init)
            guard kv.count == 2 else { XCTFail("knob \(pair): not name=value"); return }
            if kv[0] == "size" {
                let r = kv[1].split(separator: "-").compactMap { Float($0) }
                d.size = r[0]...r[1]
                continue
            }
            guard let v = Float(kv[1]) else { XCTFail("knob \(pair): not a number"); return }
            switch kv[0] {
            case "colourConfusion": d.colourConfusion = v
            case "colourJitter": d.colourJitter = v
            case "backgroundTint": d.backgroundTint = v
            case "noise": d.noise = v
            case "positionJitter": d.positionJitter = v
            case "rotationJitter": d.rotationJitter = v
            default: XCTFail("unknown knob \(kv[0])"); return
            }
        }
        let parts = Set((env["LESSONS_CALIBRATE_PARTS"] ?? "net,resnet,stacks").split(separator: ",").map(String.init))
        let lr = Float(env["LESSONS_CALIBRATE_LR"] ?? "") ?? 0.001
        let epochs = Int(env["LESSONS_CALIBRATE_EPOCHS"] ?? "") ?? 2
        let trainCount = Int(env["LESSONS_CALIBRATE_TRAIN"] ?? "") ?? 4000
        print("knobs:", d)
        let train = SyntheticCIFAR.dataset(batch: 0, count: trainCount, difficulty: d)
        let test = SyntheticCIFAR.dataset(batch: 5, count: 2000, difficulty: d)
        func report(_ name: String, _ o: TrainingOutcome, _ seconds: Double) {
            print(String(format: "%@: training loss per epoch %@, test accuracy %@ (%.0f s)", name,
                         o.epochLoss.map { String(format: "%.3f", $0) }.joined(separator: " "),
                         o.testAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "-", seconds))
        }
        func timed(_ body: () -> TrainingOutcome) -> (TrainingOutcome, Double) {
            let start = Date(); let o = body(); return (o, Date().timeIntervalSince(start))
        }
        if parts.contains("net") {
            manualSeed(42)
            let (o, s) = timed { trainAsLesson4(CIFAR10Net(), train: train, test: test, epochs: epochs, lr: lr, logProbabilities: true) }
            report("CIFAR10Net", o, s)
        }
        if parts.contains("resnet") {
            manualSeed(42)
            let (o, s) = timed { trainAsLesson4(CifarResNet(), train: train, test: test, epochs: epochs, lr: lr, logProbabilities: true) }
            report("ResNet", o, s)
        }
        if parts.contains("stacks") {
            let depths = (env["LESSONS_CALIBRATE_DEPTHS"] ?? "2,8,20").split(separator: ",").compactMap { Int($0) }
            let kinds = (env["LESSONS_CALIBRATE_STACKS"] ?? "plain,residual").split(separator: ",")
            for residual in [false, true] where kinds.contains(residual ? "residual" : "plain") {
                for depth in depths {
                    manualSeed(42)
                    let (o, s) = timed {
                        trainAsLesson4(ConvStack(depth: depth, residual: residual), train: train, epochs: 5, lr: 0.01,
                                       logProbabilities: false)
                    }
                    report("\(residual ? "residual" : "plain") \(depth)", o, s)
                }
            }
        }
    }
}
