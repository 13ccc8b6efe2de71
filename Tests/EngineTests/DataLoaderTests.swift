import XCTest
@testable import Engine

/// Dataset, TensorDataset, DataLoader, randomSplit and transforms.
final class DataLoaderTests: XCTestCase {
    /// 10 samples: x[i] = [i, 100 + i], y[i] = i.
    func numbered(_ n: Int = 10) -> TensorDataset {
        TensorDataset(Tensor((0..<n).flatMap { [Float($0), Float(100 + $0)] }, shape: [n, 2]),
                      Tensor((0..<n).map(Float.init), shape: [n]))
    }

    func targets(_ loader: DataLoader) -> [[Int]] { loader.map { $0.target.intScalars } }

    func testTensorDatasetIndexingAndBatch() {
        let ds = numbered()
        XCTAssertEqual(ds.count, 10)
        XCTAssertEqual(ds[3].input.scalars, [3, 103])
        XCTAssertEqual(ds[3].target.item(), 3)
        let b = ds.batch([7, 2])
        XCTAssertEqual(b.input.shape, [2, 2])
        XCTAssertEqual(b.input.scalars, [7, 107, 2, 102])
        XCTAssertEqual(b.target.scalars, [7, 2])
    }

    func testSequentialBatchesWithPartialLastBatch() {
        let loader = DataLoader(numbered(), batchSize: 4)
        XCTAssertEqual(loader.count, 3)
        XCTAssertEqual(targets(loader), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        let shapes = loader.map { $0.input.shape }
        XCTAssertEqual(shapes, [[4, 2], [4, 2], [2, 2]])
    }

    func testDropLast() {
        let loader = DataLoader(numbered(), batchSize: 4, dropLast: true)
        XCTAssertEqual(loader.count, 2)
        XCTAssertEqual(targets(loader), [[0, 1, 2, 3], [4, 5, 6, 7]])
        XCTAssertEqual(DataLoader(numbered(), batchSize: 20, dropLast: true).count, 0)
        XCTAssertEqual(Array(DataLoader(numbered(), batchSize: 20, dropLast: true)).count, 0)
    }

    func testShuffleVisitsEverySampleOncePerEpochAndDiffersBetweenEpochs() {
        let ds = numbered(103)
        let loader = DataLoader(ds, batchSize: 10, shuffle: true)
        manualSeed(1)
        let epoch1 = targets(loader), epoch2 = targets(loader)
        for epoch in [epoch1, epoch2] {
            XCTAssertEqual(epoch.count, 11)
            XCTAssertEqual(epoch.last?.count, 3)
            XCTAssertEqual(epoch.flatMap { $0 }.sorted(), Array(0..<103))
        }
        XCTAssertNotEqual(epoch1, epoch2)
        XCTAssertNotEqual(epoch1.flatMap { $0 }, Array(0..<103))
        // Inputs travel with their targets.
        for (x, y) in loader {
            for (j, label) in y.intScalars.enumerated() { XCTAssertEqual(x[j].scalars, [Float(label), Float(100 + label)]) }
        }
    }

    func testShuffleIsReproducibleWithASeed() {
        let loader = DataLoader(numbered(50), batchSize: 8, shuffle: true)
        manualSeed(42)
        let a = targets(loader) + targets(loader)
        manualSeed(42)
        let b = targets(loader) + targets(loader)
        XCTAssertEqual(a, b)
        manualSeed(43)
        XCTAssertNotEqual(targets(loader), Array(a.prefix(7)))
    }

    func testBreakingOutEarlyStopsCleanly() {
        let loader = DataLoader(numbered(1000), batchSize: 1, shuffle: true)
        for _ in 0..<20 {
            var seen = 0
            for _ in loader { seen += 1; if seen == 3 { break } }
            XCTAssertEqual(seen, 3)
        }
        XCTAssertEqual(Array(loader).count, 1000)
    }

    func testRandomSplitSizesAreExactAndDisjoint() {
        let ds = numbered(100)
        manualSeed(7)
        let parts = randomSplit(ds, [90, 10])
        XCTAssertEqual(parts.map(\.count), [90, 10])
        let all = parts.flatMap { p in (0..<p.count).map { Int(p[$0].target.item()) } }
        XCTAssertEqual(all.sorted(), Array(0..<100))
        manualSeed(7)
        XCTAssertEqual(randomSplit(ds, [90, 10])[1].indices, parts[1].indices)

        let fractions = randomSplit(numbered(10), [0.5, 0.3, 0.2])
        XCTAssertEqual(fractions.map(\.count), [5, 3, 2])
        XCTAssertEqual(randomSplit(numbered(11), [0.5, 0.5]).map(\.count), [6, 5])  // remainder goes first
        // A subset works with a loader, and batches come from the right samples.
        let valid = DataLoader(parts[1], batchSize: 4)
        XCTAssertEqual(targets(valid).flatMap { $0 }, parts[1].indices)
    }

    func testImageDatasetBatchesScaleBytes() {
        let source = DataSource(dataset: "t", kind: .folder, description: "test", files: [])
        let ds = ImageDataset(name: "T", channels: 1, height: 2, width: 2, classes: ["a", "b"], source: source,
                              pixels: [0, 51, 102, 255, 255, 0, 0, 0], labels: [1, 0])
        let (x, y) = ds.batch([1, 0])
        XCTAssertEqual(x.shape, [2, 1, 2, 2])
        XCTAssertEqual(x.scalars, [1, 0, 0, 0, 0, 0.2, 0.4, 1])
        XCTAssertEqual(y.scalars, [0, 1])
        XCTAssertEqual(ds[0].input.shape, [1, 2, 2])
        XCTAssertEqual(ds.images.shape, [2, 1, 2, 2])
        XCTAssertEqual(ds.labels.scalars, [1, 0])
        XCTAssertEqual(ds.classCounts, [1, 1])
        XCTAssertEqual(ds.images(ofClass: 1).scalars, [0, 0.2, 0.4, 1])
    }

    // MARK: transforms

    func testNormalizePerChannel() {
        let x = Tensor([1, 1, 3, 3, 10, 10, 20, 20], shape: [1, 2, 2, 2])
        let y = Transform.normalize(mean: [2, 10], std: [1, 5])(x)
        XCTAssertEqual(y.scalars, [-1, -1, 1, 1, 0, 0, 2, 2])
    }

    func testToFloatScales() {
        XCTAssertEqual(Transform.toFloat()(Tensor([0, 255, 51], shape: [1, 3])).scalars, [0, 1, 0.2])
    }

    func testRandomCropWithPaddingShiftsWithinBounds() {
        // 1 image, 1 channel, 3x3 values 1...9; padded by 1 and cut back to 3x3.
        let x = Tensor((1...9).map(Float.init), shape: [1, 1, 3, 3])
        var g = RandomGenerator(seed: 3)
        var seen = Set<[Float]>()
        for _ in 0..<200 {
            let y = Transform.randomCrop(3, padding: 1).apply(x, using: &g)
            XCTAssertEqual(y.shape, [1, 1, 3, 3])
            // Every crop is the image shifted by at most one pixel, zeros filling in.
            let s = y.scalars
            XCTAssertTrue(s.allSatisfy { $0 == 0 || x.scalars.contains($0) })
            XCTAssertEqual(s.filter { $0 != 0 }.count >= 4, true)
            seen.insert(s)
        }
        XCTAssertEqual(seen.count, 9, "all nine shifts appear")
        XCTAssertTrue(seen.contains(x.scalars))
        XCTAssertTrue(seen.contains([0, 0, 0, 0, 1, 2, 0, 4, 5]))  // shifted down-right
        // No padding and the full size: the identity.
        XCTAssertEqual(Transform.randomCrop(3)(x).scalars, x.scalars)
    }

    func testRandomHorizontalFlipPerImage() {
        let x = Tensor([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], shape: [2, 1, 2, 3])
        XCTAssertEqual(Transform.randomHorizontalFlip(p: 1)(x).scalars, [3, 2, 1, 6, 5, 4, 3, 2, 1, 6, 5, 4])
        XCTAssertEqual(Transform.randomHorizontalFlip(p: 0)(x).scalars, x.scalars)
        var g = RandomGenerator(seed: 1)
        var flipped = 0
        for _ in 0..<500 {
            let y = Transform.randomHorizontalFlip().apply(Tensor([1, 2], shape: [1, 1, 1, 2]), using: &g)
            if y.scalars == [2, 1] { flipped += 1 }
        }
        XCTAssertTrue((200...300).contains(flipped), "about half flipped, got \(flipped)")
    }

    func testComposedTransformsInALoaderAreReproducible() {
        let images = TensorDataset(rand([64, 3, 8, 8]), Tensor((0..<64).map(Float.init), shape: [64]))
        let augment = Transform.compose([.randomCrop(8, padding: 2), .randomHorizontalFlip(),
                                         .normalize(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])])
        XCTAssertEqual(augment.name, "randomCrop(8, padding: 2) → randomHorizontalFlip(p: 0.5) → normalize(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])")
        let loader = DataLoader(images, batchSize: 16, shuffle: true, transform: augment)
        manualSeed(5)
        let a = loader.map { $0.input.scalars }
        manualSeed(5)
        let b = loader.map { $0.input.scalars }
        XCTAssertEqual(a, b)
        XCTAssertEqual(loader.map { $0.input.shape }.first, [16, 3, 8, 8])
    }
}
