import XCTest
import Engine

/// Saving and restoring an optimizer's state: training resumed from a checkpoint must take
/// exactly the steps the uninterrupted run took, and a file that does not fit is refused by name.
final class OptimizerStateTests: XCTestCase {
    private func scratchFile(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("optim-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.appendingPathComponent(name).path
    }

    /// A small model and a fixed batch, the same every time.
    private func makeModel() -> Sequential {
        manualSeed(7)
        return Sequential(Linear(4, 5), ReLU(), Linear(5, 3))
    }

    private let x = Tensor((0..<24).map { Float($0 % 7) / 7 - 0.4 }, shape: [6, 4])
    private let y = Tensor([0, 1, 2, 1, 0, 2] as [Float])

    private func train(_ model: Module, _ opt: any Optimizer, steps: Int) {
        for _ in 0..<steps {
            opt.zeroGrad()
            crossEntropy(model(x), y).backward()
            opt.step()
        }
    }

    /// Trains 3 + 4 steps straight, and 3 steps, save, fresh model and optimizer, load, 4 steps;
    /// the parameters must be identical.
    private func assertResumesExactly(_ make: ([Tensor]) -> any Optimizer, file: StaticString = #filePath, line: UInt = #line) throws {
        let straight = makeModel()
        let straightOpt = make(straight.parameters())
        train(straight, straightOpt, steps: 7)

        let first = makeModel()
        let firstOpt = make(first.parameters())
        train(first, firstOpt, steps: 3)
        let modelFile = scratchFile("model.safetensors"), optimFile = scratchFile("optim.safetensors")
        try first.save(to: modelFile)
        try firstOpt.save(to: optimFile)

        let resumed = makeModel()
        let resumedOpt = make(resumed.parameters())
        try resumed.load(from: modelFile)
        try resumedOpt.load(from: optimFile)
        train(resumed, resumedOpt, steps: 4)

        for (a, b) in zip(straight.namedParameters(), resumed.namedParameters()) {
            XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, "\(a.name) after resuming", file: file, line: line)
        }
    }

    func testSGDWithNesterovMomentumAndWeightDecayResumesExactly() throws {
        try assertResumesExactly { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 1e-3, nesterov: true) }
    }

    func testAdamWithAMSGradResumesExactly() throws {
        try assertResumesExactly { Adam($0, lr: 0.01, amsgrad: true) }
    }

    func testAdamWResumesExactly() throws {
        try assertResumesExactly { AdamW($0, lr: 0.01) }
    }

    func testASchedulerResumedAtItsEpochContinuesTheSameLearningRates() throws {
        func epochs(_ model: Module, _ opt: any Optimizer, _ schedule: LRScheduler, _ count: Int) -> [Float] {
            (0..<count).map { _ in train(model, opt, steps: 1); schedule.step(); return opt.lr }
        }
        let straight = makeModel()
        let straightOpt = SGD(straight.parameters(), lr: 0.1, momentum: 0.9)
        let straightRates = epochs(straight, straightOpt, CosineAnnealingLR(straightOpt, tMax: 5, etaMin: 0.01), 5)

        let first = makeModel()
        let firstOpt = SGD(first.parameters(), lr: 0.1, momentum: 0.9)
        _ = epochs(first, firstOpt, CosineAnnealingLR(firstOpt, tMax: 5, etaMin: 0.01), 2)
        let modelFile = scratchFile("model.safetensors"), optimFile = scratchFile("optim.safetensors")
        try first.save(to: modelFile)
        try firstOpt.save(to: optimFile)

        let resumed = makeModel()
        let resumedOpt = SGD(resumed.parameters(), lr: 0.1, momentum: 0.9)
        try resumed.load(from: modelFile)
        try resumedOpt.load(from: optimFile)
        let schedule = CosineAnnealingLR(resumedOpt, tMax: 5, etaMin: 0.01, lastEpoch: 2)
        XCTAssertEqual(schedule.lastEpoch, 2)
        XCTAssertEqual(resumedOpt.lr, straightRates[1], "the rate of epoch 2, from the saved initial rate")
        XCTAssertEqual(epochs(resumed, resumedOpt, schedule, 3), Array(straightRates[2...]))
        for (a, b) in zip(straight.namedParameters(), resumed.namedParameters()) {
            XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, "\(a.name) after resuming")
        }
        let step = StepLR(resumedOpt, stepSize: 2, gamma: 0.5, lastEpoch: 3)
        XCTAssertEqual(resumedOpt.lr, 0.05, "StepLR resumed at epoch 3: 0.1 · 0.5^1")
        step.step()
        XCTAssertEqual(resumedOpt.lr, 0.025)
    }

    func testStateDictUsesPyTorchsNamesAndNumbering() {
        let model = makeModel()
        let opt = Adam(model.parameters(), lr: 0.01, betas: (0.8, 0.99))
        XCTAssertTrue(opt.stateDict().state.isEmpty, "no state before the first step")
        train(model, opt, steps: 2)
        let dict = opt.stateDict()
        XCTAssertEqual(dict.optimizer, "Adam")
        XCTAssertEqual(dict.state.keys.sorted(), [0, 1, 2, 3])
        XCTAssertEqual(Set(dict.state[2]!.keys), ["step", "exp_avg", "exp_avg_sq"])
        XCTAssertEqual(dict.state[2]!["step"]!.item(), 2)
        XCTAssertEqual(dict.state[2]!["exp_avg"]!.shape, [3, 5])
        XCTAssertEqual(dict.paramGroups.count, 1)
        XCTAssertEqual(dict.paramGroups[0]["params"] as? [Int], [0, 1, 2, 3])
        XCTAssertEqual(dict.paramGroups[0]["lr"] as? Double, Double(Float(0.01)))
        XCTAssertEqual(dict.paramGroups[0]["betas"] as? [Double], [Double(Float(0.8)), Double(Float(0.99))])
        // A copy: later steps leave it alone.
        let before = dict.state[0]!["exp_avg"]!.scalars
        train(model, opt, steps: 1)
        XCTAssertEqual(dict.state[0]!["exp_avg"]!.scalars, before)
    }

    func testLoadingRestoresLearningRatesAndHyperparameters() throws {
        let model = makeModel()
        let saved = SGD(model.parameters(), lr: 0.05, momentum: 0.9, nesterov: true)
        saved.lr = 0.02
        let path = scratchFile("sgd.safetensors")
        try saved.save(to: path)
        let restored = SGD(model.parameters(), lr: 1)
        try restored.load(from: path)
        XCTAssertEqual(restored.lr, 0.02)
        XCTAssertEqual(restored.paramGroups[0].initialLr, 0.05)
        XCTAssertEqual(restored.momentum, 0.9)
        XCTAssertTrue(restored.nesterov)
    }

    func testAFileThatDoesNotFitIsRefusedByNameAndChangesNothing() throws {
        let model = makeModel()
        let sgd = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
        train(model, sgd, steps: 1)
        let path = scratchFile("sgd.safetensors")
        try sgd.save(to: path)

        // Another optimizer type.
        let adam = Adam(model.parameters())
        XCTAssertThrowsError(try adam.load(from: path)) { error in
            XCTAssertEqual("\(error)", "Error in loading the optimizer state from \(path): it was saved by SGD, this optimizer is Adam")
        }
        // Another model: the first layer is wider.
        manualSeed(7)
        let wider = Sequential(Linear(4, 6), ReLU(), Linear(6, 3))
        let other = SGD(wider.parameters(), lr: 0.3, momentum: 0.5)
        XCTAssertThrowsError(try other.load(from: path)) { error in
            XCTAssertTrue("\(error)".contains("state.0.momentum_buffer: shape [5, 4] in the file, the parameter has [6, 4]"), "\(error)")
        }
        XCTAssertEqual(other.lr, 0.3, "nothing applied")
        XCTAssertEqual(other.momentum, 0.5)
        // Fewer parameters.
        let head = SGD(Array(model.parameters().prefix(2)), lr: 0.1, momentum: 0.9)
        XCTAssertThrowsError(try head.load(from: path)) { error in
            XCTAssertTrue("\(error)".contains("group 0 holds 4 parameter(s) in the file, 2 in the optimizer"), "\(error)")
        }
        // A model checkpoint instead of an optimizer state.
        let modelFile = scratchFile("model.safetensors")
        try model.save(to: modelFile)
        XCTAssertThrowsError(try sgd.load(from: modelFile)) { error in
            XCTAssertTrue("\(error)".contains("no optimizer state in its metadata"), "\(error)")
        }
    }
}
