import XCTest
@testable import Engine
import CourseModels

/// The course's models have exactly PyTorch's parameter counts and state_dict names.
final class ModelParameterCountTests: XCTestCase {
    func testCifarResNet222() {
        let model = CifarResNet(layers: [2, 2, 2])
        XCTAssertEqual(model.parameterCount, 205_338)
        let names = model.namedParameters().map(\.name)
        XCTAssertEqual(names.first, "conv.weight")
        XCTAssertTrue(names.contains("layer2.0.downsample.0.weight"))
        XCTAssertTrue(names.contains("layer3.1.bn2.bias"))
        XCTAssertEqual(names.last, "fc.bias")
        XCTAssertEqual(model.namedBuffers().count, 3 * (1 + 2 * 6 + 2))
    }

    func testMnistResNet() {
        XCTAssertEqual(MnistResNet().parameterCount, 12_126)
    }

    func testDeepCNNVariants() {
        XCTAssertEqual(DeepCNN(channelsIn: 3, numBlocks: 6, chWidth: 32, layerType: ConvBlock.self).parameterCount, 80_426)
        XCTAssertEqual(DeepCNN(channelsIn: 3, numBlocks: 6, chWidth: 32, layerType: ResBlock2.self).parameterCount, 80_426)
        XCTAssertEqual(DeepCNN(channelsIn: 3, numBlocks: 6, chWidth: 32, layerType: SkipBlock.self).parameterCount, 66_506)
    }

    func testStateDictNamesMatchTheGoldenFiles() throws {
        // The names PyTorch wrote for these models (golden manifest), minus the test data.
        let model = DeepCNN(channelsIn: 3, numBlocks: 6, chWidth: 32, layerType: SkipBlock.self)
        let names = Set(model.stateDict().keys)
        XCTAssertTrue(names.isSuperset(of: ["conv1.weight", "bn1.num_batches_tracked", "layers.5.conv2.bias",
                                            "layers.0.bn1.running_var", "linear1.weight"]))
        // 3 convs (w, b), 2 batch norms (2 parameters, 3 buffers), 6 blocks (conv, bn, conv), linear.
        XCTAssertEqual(names.count, 3 * 2 + 2 * (2 + 3) + 6 * (2 + 5 + 2) + 2)
    }
}
