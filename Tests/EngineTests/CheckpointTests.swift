import Foundation
import XCTest
@testable import Engine

private final class SmallNet: Module {
    let conv = Conv2d(1, 4, kernelSize: 3, padding: 1)
    let bn = BatchNorm2d(4)
    let head: Sequential

    init(hidden: Int = 8) {
        head = Sequential(Flatten(), Linear(4 * 2 * 2, hidden), ReLU(), Linear(hidden, 3))
        super.init()
    }
}

final class CheckpointTests: XCTestCase {
    private var paths: [String] = []

    override func tearDown() {
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
    }

    private func path(_ name: String) -> String {
        let p = temporaryPath(name)
        paths.append(p)
        return p
    }

    func testStateDictHasParametersAndBuffersUnderPyTorchNames() {
        let names = SmallNet().namedStateEntries().map(\.name)
        XCTAssertEqual(names, ["conv.weight", "conv.bias", "bn.weight", "bn.bias",
                               "head.1.weight", "head.1.bias", "head.3.weight", "head.3.bias",
                               "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"])
    }

    func testRoundTripRestoresParametersAndBuffers() throws {
        manualSeed(1)
        let a = SmallNet()
        a.bn.runningMean!.copy_(Tensor([0.1, 0.2, 0.3, 0.4] as [Float]))
        a.bn.runningVar!.copy_(Tensor([1.5, 2.5, 3.5, 4.5] as [Float]))
        a.bn.numBatchesTracked!.fill_(17)
        let file = path("round-trip.safetensors")
        try a.save(to: file)

        let b = SmallNet()
        let weightBefore = b.conv.weight
        XCTAssertNotEqual(b.conv.weight.scalars, a.conv.weight.scalars)
        try b.load(from: file)
        for ((name, x), (_, y)) in zip(a.namedStateEntries(), b.namedStateEntries()) {
            XCTAssertEqual(x.scalars, y.scalars, name)
            XCTAssertEqual(x.shape, y.shape, name)
        }
        XCTAssertEqual(b.bn.numBatchesTracked!.item(), 17)
        XCTAssertTrue(b.conv.weight === weightBefore, "loading copies in place: optimizers keep their tensors")
    }

    func testFileIsStandardSafetensorsWithIntegerBatchCounter() throws {
        let file = path("format.safetensors")
        try SmallNet().save(to: file)
        // Read the header as any safetensors reader (e.g. safetensors.torch.load_file) does.
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let n = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as! [String: Any]
        let counter = header["bn.num_batches_tracked"] as! [String: Any]
        XCTAssertEqual(counter["dtype"] as? String, "I64")
        XCTAssertEqual(counter["shape"] as? [Int], [])
        let weight = header["conv.weight"] as! [String: Any]
        XCTAssertEqual(weight["dtype"] as? String, "F32")
        XCTAssertEqual(weight["shape"] as? [Int], [4, 1, 3, 3])
        XCTAssertEqual((header["__metadata__"] as? [String: String])?["format"], "pt")
        XCTAssertEqual(Set(header.keys).subtracting(["__metadata__"]), Set(SmallNet().stateDict().keys))
    }

    func testMismatchedFileNamesEveryOffendingTensor() throws {
        let file = path("mismatch.safetensors")
        var state = SmallNet(hidden: 5).stateDict()   // head.1 / head.3 have other shapes
        state["extra.weight"] = zeros(2)
        state["bn.running_var"] = nil
        try SafeTensors.write(state, path: file)

        let model = SmallNet()
        let before = model.conv.weight.scalars
        XCTAssertThrowsError(try model.load(from: file)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(file), text)
            XCTAssertTrue(text.contains("missing tensor(s): bn.running_var"), text)
            XCTAssertTrue(text.contains("unexpected tensor(s): extra.weight"), text)
            XCTAssertTrue(text.contains("size mismatch for head.1.weight: the checkpoint has shape [5, 16], the model has [8, 16]"), text)
            XCTAssertTrue(text.contains("head.3.weight"), text)
        }
        XCTAssertEqual(model.conv.weight.scalars, before, "a failed load changes nothing")
    }

    func testNonStrictLoadReportsMissingAndUnexpected() throws {
        var state = SmallNet().stateDict()
        state["bn.running_var"] = nil
        state["other"] = zeros(1)
        let model = SmallNet()
        let result = try model.loadStateDict(state, strict: false)
        XCTAssertEqual(result.missingKeys, ["bn.running_var"])
        XCTAssertEqual(result.unexpectedKeys, ["other"])
        XCTAssertEqual(model.conv.weight.scalars, state["conv.weight"]!.scalars)
        // A shape mismatch is an error even when not strict.
        state["conv.bias"] = zeros(5)
        XCTAssertThrowsError(try model.loadStateDict(state, strict: false))
    }

    func testCorruptFileGivesAnErrorNamingIt() throws {
        let file = path("corrupt.safetensors")
        try SmallNet().save(to: file)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        try data.prefix(data.count - 10).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try SmallNet().load(from: file)) { error in
            XCTAssertTrue("\(error)".contains(file), "\(error)")
        }
        XCTAssertThrowsError(try SmallNet().load(from: file + ".absent")) { error in
            XCTAssertTrue("\(error)".contains(".absent"), "\(error)")
        }
    }
}
