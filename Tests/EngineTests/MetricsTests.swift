import XCTest
import Engine

final class MetricsTests: XCTestCase {
    func testAccuracyFromScoresAndFromPredictions() {
        let logits = Tensor([[2, 1, 0], [0, 3, 1], [1, 0, 5], [4, 5, 0]])
        let targets = Tensor([0, 1, 2, 0] as [Int])
        XCTAssertEqual(accuracy(logits, targets), 0.75)
        XCTAssertEqual(accuracy(Tensor([0, 1, 1, 0] as [Int]), targets), 0.75)
        XCTAssertEqual(accuracy(logits, targets.view(4, 1)), 0.75)
    }

    func testBinaryAccuracyThresholdsScores() {
        let logits = Tensor([[2], [-1], [0.5], [-3]] as [[Float]])
        let targets = Tensor([[1], [0], [0], [0]] as [[Float]])
        XCTAssertEqual(binaryAccuracy(logits, targets), 0.75)
        XCTAssertEqual(binaryAccuracy(logits.sigmoid(), targets, threshold: 0.5), 0.75)
    }

    func testConfusionMatrixCountsAndRates() {
        var cm = ConfusionMatrix(classes: 3, labels: ["cat", "dog", "bird"])
        cm.update(predicted: [0, 1, 1, 2, 0], actual: [0, 1, 0, 2, 2])
        cm.update(Tensor([[0.1, 0.9, 0], [0.8, 0.1, 0.1]]), Tensor([1, 0] as [Int]))
        XCTAssertEqual(cm.counts, [[2, 1, 0],
                                   [0, 2, 0],
                                   [1, 0, 1]])
        XCTAssertEqual(cm.total, 7)
        XCTAssertEqual(cm.accuracy, 5 / 7, accuracy: 1e-7)
        XCTAssertEqual(cm.perClassAccuracy, [2 / 3, 1, 0.5])
        XCTAssertEqual(cm.normalized(.trueClass)[0], [2 / 3, 1 / 3, 0])
        XCTAssertEqual(cm.normalized(.predictedClass)[0], [2 / 3, 1 / 3, 0])
        XCTAssertEqual(cm.normalized(.predictedClass)[2], [1 / 3, 0, 1])
        XCTAssertEqual(cm.normalized(.all).flatMap { $0 }.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(cm.tensor.shape, [3, 3])
        XCTAssertEqual(cm.tensor.scalars, [2, 1, 0, 0, 2, 0, 1, 0, 1])
        XCTAssertEqual(cm.description, [
            "      cat  dog bird",
            " cat    2    1    0",
            " dog    0    2    0",
            "bird    1    0    1",
        ].joined(separator: "\n"))
        cm.reset()
        XCTAssertEqual(cm.total, 0)
        XCTAssertTrue(cm.perClassAccuracy.allSatisfy(\.isNaN))
    }
}
