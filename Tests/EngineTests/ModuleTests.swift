import XCTest
@testable import Engine
import CourseModels

/// A module exercising every kind of stored property reflection must handle.
private final class Zoo: Module {
    let first = Linear(2, 3)                 // a `let` child
    var second: Linear? = Linear(3, 4)       // an optional `var` child
    let absent: Linear? = nil                // a nil optional: nothing
    let blocks: [Module] = [Linear(4, 4, bias: false), ReLU(), Linear(4, 1)]  // a list
    var scale = Tensor([1, 2] as [Float]).requiresGrad_()  // a parameter of this module
    let maybeShift: Tensor? = Tensor([0] as [Float]).requiresGrad_()
    let heads: [Linear]? = [Linear(1, 1)]    // an optional, typed array of modules
    let hiddenWords = ["not", "a", "tensor"]  // other types are ignored
    private let _cache = Tensor([7] as [Float])  // underscore: private state, skipped
    let runningTotal = Tensor(0)
    override var bufferPropertyNames: Set<String> { ["runningTotal"] }
    override func forward(_ x: Tensor) -> Tensor { x }
}

/// Subclassing a user module keeps the base class's members first.
private final class BiggerZoo: Module {
    let head = Linear(1, 1)
    let body = Sequential(Linear(1, 2), Tanh())
}

final class ModuleTests: XCTestCase {
    func testSequentialNamesChildrenByPosition() {
        let model = Sequential(Linear(784, 30), ReLU(), Linear(30, 1))
        XCTAssertEqual(model.namedChildren().map(\.name), ["0", "1", "2"])
        XCTAssertEqual(model.namedParameters().map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
        XCTAssertEqual(model.parameterCount, 23_581)
        XCTAssertEqual(model.parameters().map(\.shape), [[30, 784], [30], [1, 30], [1]])
        XCTAssertTrue(model.parameters().allSatisfy(\.requiresGrad))
    }

    func testReflectionFindsEveryKindOfMember() {
        let zoo = Zoo()
        XCTAssertEqual(zoo.namedChildren().map(\.name), ["first", "second", "blocks", "heads"])
        XCTAssertEqual(zoo.namedParameters().map(\.name), [
            "scale", "maybe_shift",
            "first.weight", "first.bias", "second.weight", "second.bias",
            "blocks.0.weight", "blocks.2.weight", "blocks.2.bias", "heads.0.weight", "heads.0.bias",
        ])
        XCTAssertEqual(zoo.namedBuffers().map(\.name), ["running_total"])
        XCTAssertEqual(zoo.parameterCount, 2 + 1 + (6 + 3) + (12 + 4) + 16 + (4 + 1) + 2)
        zoo.second = nil
        XCTAssertFalse(zoo.namedParameters().map(\.name).contains("second.weight"))
        XCTAssertTrue(zoo.blocks[0] === zoo.namedModules().first { $0.name == "blocks.0" }?.module)
    }

    func testSnakeCaseNames() {
        XCTAssertEqual(snakeCase("runningMean"), "running_mean")
        XCTAssertEqual(snakeCase("numBatchesTracked"), "num_batches_tracked")
        XCTAssertEqual(snakeCase("layer1"), "layer1")
        XCTAssertEqual(snakeCase("convBN"), "conv_bn")
        XCTAssertEqual(snakeCase("myHTTPServer2"), "my_http_server2")
        XCTAssertEqual(snakeCase("dropOut"), "drop_out")
    }

    func testSharedParametersAreListedOnce() {
        let shared = Linear(2, 2)
        let model = Sequential(shared, shared)
        XCTAssertEqual(model.parameters().count, 2)
        XCTAssertEqual(model.namedModules().map(\.name), ["", "0"])
    }

    func testTrainAndEvalReachEveryDescendant() {
        let model = BiggerZoo()
        XCTAssertTrue(model.modules().allSatisfy(\.isTraining))
        model.eval()
        XCTAssertEqual(model.modules().count, 5)
        XCTAssertTrue(model.modules().allSatisfy { !$0.isTraining })
        model.train()
        XCTAssertTrue(model.modules().allSatisfy(\.isTraining))
    }

    func testZeroGradAndFreezing() {
        let model = Sequential(Linear(3, 2), Tanh(), Linear(2, 1))
        model(ones(4, 3)).sum().backward()
        XCTAssertTrue(model.parameters().allSatisfy { $0.grad != nil })
        model.zeroGrad()
        XCTAssertTrue(model.parameters().allSatisfy { $0.grad == nil })
        model.requiresGrad_(false)
        XCTAssertEqual(model.trainableParameterCount, 0)
        XCTAssertEqual(model.parameterCount, 8 + 3, "frozen parameters are still parameters")
    }

    func testApplyVisitsChildrenBeforeParents() {
        var visited: [String] = []
        BiggerZoo().apply { visited.append($0.typeName) }
        XCTAssertEqual(visited, ["Linear", "Linear", "Tanh", "Sequential", "BiggerZoo"])
    }

    func testDefaultInitialisationMatchesPyTorchBounds() {
        manualSeed(7)
        let layer = Linear(100, 50)
        let bound = 1 / Float(100).squareRoot()
        XCTAssertTrue(layer.weight.scalars.allSatisfy { abs($0) <= bound })
        XCTAssertTrue(layer.bias!.scalars.allSatisfy { abs($0) <= bound })
        // U(-b, b) has standard deviation b/√3.
        let w = layer.weight.scalars
        let std = (w.map { $0 * $0 }.reduce(0, +) / Float(w.count)).squareRoot()
        XCTAssertEqual(std, bound / Float(3).squareRoot(), accuracy: 0.03 * bound)
        let conv = Conv2d(4, 8, kernelSize: 3)
        let convBound = 1 / Float(4 * 9).squareRoot()
        XCTAssertTrue(conv.weight.scalars.allSatisfy { abs($0) <= convBound })
        XCTAssertGreaterThan(conv.weight.scalars.map(abs).max()!, 0.9 * convBound)
        let bn = BatchNorm2d(3)
        XCTAssertEqual(bn.weight!.scalars, [1, 1, 1])
        XCTAssertEqual(bn.bias!.scalars, [0, 0, 0])
        XCTAssertEqual(bn.runningMean!.scalars, [0, 0, 0])
        XCTAssertEqual(bn.runningVar!.scalars, [1, 1, 1])
        XCTAssertEqual(bn.numBatchesTracked!.item(), 0)
        XCTAssertEqual(bn.namedBuffers().map(\.name), ["running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(bn.namedParameters().map(\.name), ["weight", "bias"])
    }

    func testSeededInitialisationIsReproducible() {
        manualSeed(42)
        let a = Linear(5, 5).weight.scalars
        manualSeed(42)
        XCTAssertEqual(Linear(5, 5).weight.scalars, a)
    }

    func testLinearComputesXWTransposePlusB() {
        let layer = Linear(3, 2)
        layer.weight.copy_(Tensor([[1, 2, 3], [4, 5, 6]]))
        layer.bias!.copy_(Tensor([0.5, -1] as [Float]))
        let x = Tensor([[1, 0, -1], [2, 1, 0]])
        XCTAssertEqual(layer(x).scalars, [-1.5, -3, 4.5, 12])
        // Leading dimensions are kept: [2, 1, 3] -> [2, 1, 2].
        XCTAssertEqual(layer(x.view(2, 1, 3)).shape, [2, 1, 2])
        XCTAssertEqual(Linear(3, 2, bias: false).namedParameters().map(\.name), ["weight"])
    }

    func testDescriptionMatchesPyTorchRepr() {
        let model = Sequential(Linear(784, 30), ReLU(), Linear(30, 1))
        XCTAssertEqual(model.description, """
            Sequential(
              (0): Linear(in_features=784, out_features=30, bias=True)
              (1): ReLU()
              (2): Linear(in_features=30, out_features=1, bias=True)
            )
            """)
        let block = ResidualBlock(16, 32, stride: 2,
                                  downsample: Sequential(conv3x3(16, 32, stride: 2), BatchNorm2d(32)))
        XCTAssertEqual(block.description, """
            ResidualBlock(
              (conv1): Conv2d(16, 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
              (bn1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (relu): ReLU(inplace=True)
              (conv2): Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
              (bn2): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (downsample): Sequential(
                (0): Conv2d(16, 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
                (1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              )
            )
            """)
        XCTAssertEqual(Dropout(p: 0.5).description, "Dropout(p=0.5, inplace=False)")
        XCTAssertEqual(MaxPool2d(kernelSize: 2).description,
                       "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual(AvgPool2d(8).description, "AvgPool2d(kernel_size=8, stride=8, padding=0)")
        XCTAssertEqual(AdaptiveMaxPool2d(1).description, "AdaptiveMaxPool2d(output_size=1)")
        XCTAssertEqual(AdaptiveAvgPool2d((1, 1)).description, "AdaptiveAvgPool2d(output_size=(1, 1))")
        XCTAssertEqual(LogSoftmax(dim: 1).description, "LogSoftmax(dim=1)")
        XCTAssertEqual(Flatten().description, "Flatten(start_dim=1, end_dim=-1)")
        XCTAssertEqual(Conv2d(1, 8, 3).description, "Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))")
        XCTAssertEqual(BatchNorm1d(30, momentum: nil).description,
                       "BatchNorm1d(30, eps=1e-05, momentum=None, affine=True, track_running_stats=True)")
        XCTAssertEqual(Identity().description, "Identity()")
    }

    func testArrayPropertiesPrintAsModuleLists() {
        XCTAssertEqual(BiggerZoo().description, """
            BiggerZoo(
              (head): Linear(in_features=1, out_features=1, bias=True)
              (body): Sequential(
                (0): Linear(in_features=1, out_features=2, bias=True)
                (1): Tanh()
              )
            )
            """)
        let zoo = Zoo()
        XCTAssertTrue(zoo.description.contains("""
              (blocks): ModuleList(
                (0): Linear(in_features=4, out_features=4, bias=False)
                (1): ReLU()
            """), zoo.description)
    }

    func testContainers() {
        let named = Sequential(named: [("features", Linear(4, 3)), ("act", ReLU()), ("head", Linear(3, 2))])
        XCTAssertEqual(named.namedParameters().map(\.name), ["features.weight", "features.bias", "head.weight", "head.bias"])
        XCTAssertEqual(named(ones(5, 4)).shape, [5, 2])
        let seq = Sequential(Linear(2, 2))
        seq.append(Tanh())
        XCTAssertEqual(seq.count, 2)
        XCTAssertTrue(seq[1] is Tanh)
        let reshape = Lambda("view") { $0.view(-1, 1, 2, 2) }
        XCTAssertEqual(reshape(ones(3, 4)).shape, [3, 1, 2, 2])
        XCTAssertEqual(reshape.description, "Lambda(view)")
        let list = ModuleList([Linear(1, 1), Linear(1, 1)])
        XCTAssertEqual(list.count, 2)
        XCTAssertEqual(list.namedParameters().map(\.name), ["0.weight", "0.bias", "1.weight", "1.bias"])
        XCTAssertEqual(Flatten()(ones(2, 3, 4, 5)).shape, [2, 60])
    }
}
