import Foundation
import XCTest
@testable import Engine

/// The synthetic CIFAR-10 stand-in's properties: deterministic, its knobs do what their
/// documentation says, and lesson 4's comparisons mean something on it. Small subsets and
/// few steps with fixed seeds, so that the file runs in well under a minute on two cores.
final class SyntheticCIFARTests: XCTestCase {
    override func setUp() { manualSeed(42) }

    func testTheSameArgumentsGiveTheSameBytes() {
        let a = SyntheticCIFAR.records(batch: 1, count: 40), b = SyntheticCIFAR.records(batch: 1, count: 40)
        XCTAssertEqual(a.pixels, b.pixels)
        XCTAssertEqual(a.labels, b.labels)
        XCTAssertNotEqual(SyntheticCIFAR.records(batch: 2, count: 40).pixels, a.pixels)
        XCTAssertNotEqual(SyntheticCIFAR.records(batch: 1, count: 40, difficulty: .uncalibrated).pixels, a.pixels)
    }

    /// Accuracy on the test batch of a nearest-centroid classifier of each image's mean colour
    /// (of the whole image, or of its one-pixel border only), fitted on a training batch.
    private func colourOnlyAccuracy(_ d: SyntheticCIFARDifficulty, borderOnly: Bool = false) -> Float {
        func features(_ batch: Int) -> ([[Float]], [UInt8]) {
            let (pixels, labels) = SyntheticCIFAR.records(batch: batch, count: 600, difficulty: d)
            let f = (0..<labels.count).map { i in
                (0..<3).map { c -> Float in
                    var sum: Float = 0, n: Float = 0
                    for y in 0..<32 {
                        for x in 0..<32 where !borderOnly || x == 0 || y == 0 || x == 31 || y == 31 {
                            sum += Float(pixels[i * 3072 + c * 1024 + y * 32 + x]); n += 1
                        }
                    }
                    return sum / n
                }
            }
            return (f, labels)
        }
        let (trainF, trainL) = features(0), (testF, testL) = features(5)
        var centroids = [[Float]](repeating: [0, 0, 0], count: 10), counts = [Float](repeating: 0, count: 10)
        for (f, l) in zip(trainF, trainL) {
            for c in 0..<3 { centroids[Int(l)][c] += f[c] }
            counts[Int(l)] += 1
        }
        for k in 0..<10 { for c in 0..<3 { centroids[k][c] /= counts[k] } }
        let correct = zip(testF, testL).filter { f, l in
            let distance = centroids.map { zip($0, f).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
            return distance.firstIndex(of: distance.min()!)! == Int(l)
        }.count
        return Float(correct) / Float(testL.count)
    }

    func testColourConfusionDecidesHowMuchTheColourGivesAway() {
        var honest = SyntheticCIFARDifficulty.calibrated, misleading = SyntheticCIFARDifficulty.calibrated
        honest.colourConfusion = 0
        misleading.colourConfusion = 1
        let (a0, a, a1) = (colourOnlyAccuracy(honest), colourOnlyAccuracy(.calibrated), colourOnlyAccuracy(misleading))
        XCTAssertGreaterThan(a0, a + 0.03, "confusion 0 → \(a0), calibrated → \(a)")
        XCTAssertGreaterThan(a, a1 + 0.2, "calibrated → \(a), confusion 1 → \(a1)")
        XCTAssertLessThan(a1, 0.3, "with every colour random, colour says little about the class")
    }

    func testBackgroundTintPutsTheColourCueInTheBackground() {
        var none = SyntheticCIFARDifficulty.calibrated, full = SyntheticCIFARDifficulty.calibrated
        none.backgroundTint = 0
        full.backgroundTint = 1
        let (b0, b1) = (colourOnlyAccuracy(none, borderOnly: true), colourOnlyAccuracy(full, borderOnly: true))
        print("border colour only, nearest centroid: tint 0 \(b0), tint 1 \(b1)")
        XCTAssertGreaterThan(b1, b0 + 0.3, "a tinted border carries the class colour: \(b1) vs \(b0)")
    }

    func testNoiseIsPixelToPixelVariation() {
        func roughness(_ noise: Float) -> Float {
            var d = SyntheticCIFARDifficulty.calibrated
            d.noise = noise
            let pixels = SyntheticCIFAR.records(batch: 0, count: 50, difficulty: d).pixels
            var sum: Float = 0
            for i in stride(from: 1, to: pixels.count, by: 1) where i % 32 != 0 {
                sum += abs(Float(pixels[i]) - Float(pixels[i - 1]))
            }
            return sum / Float(pixels.count)
        }
        let (r0, r80) = (roughness(0), roughness(80))
        XCTAssertGreaterThan(r80, r0 + 15, "noise 80 → mean neighbour difference \(r80), noise 0 → \(r0)")
    }

    // Lesson 4's comparisons, small: 1,000 training images, 500 test images, batches of 64,
    // SGD lr 0.01 momentum 0.9 (ten times the lab's lr, so that 48 steps are enough to tell).
    // Made once for the class (XCTest makes an instance per test; only the training tests use them).
    private static let train = SyntheticCIFAR.dataset(batch: 0, count: 1000)
    private static let test = SyntheticCIFAR.dataset(batch: 5, count: 500)

    private func outcome(_ model: Module, logProbabilities: Bool) -> TrainingOutcome {
        trainAsLesson4(model, train: Self.train, test: Self.test, epochs: 3, lr: 0.01, batchSize: 64,
                       logProbabilities: logProbabilities)
    }

    func testThePlainCIFAR10NetLearnsAndAResidualStackLearnsMore() {
        let plain = outcome(CIFAR10Net(), logProbabilities: true).testAccuracy!
        manualSeed(42)
        let residual = outcome(ConvStack(depth: 4, residual: true), logProbabilities: false).testAccuracy!
        print("test accuracy: CIFAR10Net \(plain), residual stack of 4 \(residual)")
        XCTAssertGreaterThan(plain, 0.18, "CIFAR10Net beats chance (10%) by a margin")
        XCTAssertGreaterThan(residual, plain + 0.1, "the residual stack beats CIFAR10Net clearly")
    }

    func testDeeperPlainStacksTrainWorseWhileResidualOnesDoNot() {
        // More, smaller steps than above (128 of 32 images): the shallow plain stack needs them.
        let few = SyntheticCIFAR.dataset(batch: 0, count: 512)
        func finalLoss(_ depth: Int, residual: Bool) -> Float {
            manualSeed(42)
            return trainAsLesson4(ConvStack(depth: depth, residual: residual), train: few, epochs: 8, lr: 0.01,
                                  batchSize: 32, logProbabilities: false).epochLoss.last!
        }
        let (plain2, plain10, residual2, residual10) = (finalLoss(2, residual: false), finalLoss(10, residual: false),
                                                        finalLoss(2, residual: true), finalLoss(10, residual: true))
        print("final training loss: plain 2 \(plain2), plain 10 \(plain10), residual 2 \(residual2), residual 10 \(residual10)")
        XCTAssertGreaterThan(plain10, plain2 + 0.1, "the deeper plain stack trains worse")
        XCTAssertLessThan(residual10, residual2 + 0.05, "the deeper residual stack trains no worse")
        XCTAssertLessThan(residual10, plain10 - 0.1, "the shortcuts make the difference at depth 10")
    }

    /// A stand-in written by an older generator (its stamp says so) is made again on first use.
    func testAStandInFromAnOlderGeneratorIsMadeAgain() throws {
        let saved = SyntheticCIFAR.imagesPerBatch
        SyntheticCIFAR.imagesPerBatch = 20
        defer { SyntheticCIFAR.imagesPerBatch = saved }
        let data = Fixture.tempDir(self)
        let folder = data.appendingPathComponent("synthetic/cifar-10-batches-bin")
        try Synthetic.generate(name: "cifar10", into: folder)
        let current = try Data(contentsOf: folder.appendingPathComponent("data_batch_1.bin"))
        // Pretend an older generator wrote it: other bytes, the old stamp.
        try Data(repeating: 7, count: current.count).write(to: folder.appendingPathComponent("data_batch_1.bin"))
        try Data("synthetic-v2".utf8).write(to: folder.appendingPathComponent(Synthetic.stampFile))
        XCTAssertFalse(Synthetic.isCurrent(folder, name: "cifar10"))
        XCTAssertTrue(try DataCatalog.source(for: "cifar10", dataDirectory: data).isSynthetic)
        let train = try CIFAR10(train: true, root: data.path, download: false)
        XCTAssertEqual(train.count, 100)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("data_batch_1.bin")), current)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent(Synthetic.stampFile), encoding: .utf8),
                       SyntheticCIFAR.version)
    }
}
