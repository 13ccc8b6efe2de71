import XCTest
import Engine

/// Tiny end-to-end training runs: the layers, losses and optimizers together learn.
final class EndToEndTests: XCTestCase {
    func testTwoLayerNetLearnsXOR() {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor([[0], [1], [1], [0]] as [[Float]])
        for seed in 0..<3 as Range<UInt64> {
            manualSeed(seed)
            let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1))
            let optimizer = SGD(model.parameters(), lr: 0.5, momentum: 0.9)
            var loss = Float.infinity
            for _ in 0..<300 {
                optimizer.zeroGrad()
                let l = binaryCrossEntropyWithLogits(model(x), y)
                l.backward()
                optimizer.step()
                loss = l.item()
            }
            XCTAssertEqual(binaryAccuracy(model(x), y), 1, "seed \(seed): loss \(loss)")
            XCTAssertLessThan(loss, 0.05, "seed \(seed)")
        }
    }

    func testClassifierLearnsSeparableBlobsWithCrossEntropyAndAdam() {
        manualSeed(3)
        // Three Gaussian blobs around well separated centres.
        let centres: [[Float]] = [[2, 0], [-1, 1.7], [-1, -1.7]]
        var points: [[Float]] = [], labels: [Int] = []
        let noise = randn(90, 2) * 0.3
        for i in 0..<90 {
            let c = i % 3
            points.append([centres[c][0] + noise[i, 0].item(), centres[c][1] + noise[i, 1].item()])
            labels.append(c)
        }
        let x = Tensor(points), y = Tensor(labels)
        let model = Sequential(Linear(2, 16), ReLU(), Linear(16, 3))
        let optimizer = Adam(model.parameters(), lr: 0.05)
        let lossFn = CrossEntropyLoss()
        for _ in 0..<100 {
            optimizer.zeroGrad()
            lossFn(model(x), y).backward()
            optimizer.step()
        }
        XCTAssertEqual(accuracy(model(x), y), 1)
        var cm = ConfusionMatrix(classes: 3)
        cm.update(model(x), y)
        XCTAssertEqual(cm.counts, [[30, 0, 0], [0, 30, 0], [0, 0, 30]])
    }
}
