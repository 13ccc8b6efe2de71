@testable import Engine

// The models and the training loop of lesson 4, for the synthetic CIFAR-10 stand-in's
// property tests and its calibration harness.

/// The lab's plain CNN (PyTorch's "Training a classifier" `Net`, 62,006 parameters) with a
/// log-softmax, as lesson 4 defines it.
final class CIFAR10Net: Module {
    let conv1 = Conv2d(3, 6, kernelSize: 5)
    let pool = MaxPool2d(kernelSize: 2, stride: 2)
    let conv2 = Conv2d(6, 16, kernelSize: 5)
    let fc1 = Linear(16 * 5 * 5, 120)
    let fc2 = Linear(120, 84)
    let fc3 = Linear(84, 10)
    override func forward(_ x: Tensor) -> Tensor {
        var x = pool(relu(conv1(x)))
        x = pool(relu(conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = relu(fc1(x))
        x = relu(fc2(x))
        return fc3(x).logSoftmax(dim: 1)
    }
}

/// Lesson 4's degradation experiment: a stride-2 stem and max pool (32 → 8), `depth` 3x3
/// convolutions of `width` channels, plain `relu(conv(x))` or residual `x + conv(relu(x))`,
/// global average pool, linear classifier (raw scores: train with `crossEntropy`).
final class ConvStack: Module {
    let stem: Conv2d, body: Sequential, fc: Linear, residual: Bool
    let pool = MaxPool2d(kernelSize: 2)
    init(depth: Int, residual: Bool, width: Int = 16) {
        stem = Conv2d(3, width, kernelSize: 3, stride: 2, padding: 1)
        body = Sequential((0..<depth).map { _ in Conv2d(width, width, kernelSize: 3, stride: 1, padding: 1) as Module })
        fc = Linear(width, 10)
        self.residual = residual
        super.init()
    }
    override func forward(_ x: Tensor) -> Tensor {
        var x = pool(relu(stem(x)))
        for conv in body.children() {
            x = residual ? x + conv(relu(x)) : relu(conv(x))
        }
        if residual { x = relu(x) }
        return fc(x.mean(dims: [2, 3]))
    }
}

/// What a training run measured.
struct TrainingOutcome {
    /// Mean training loss of each epoch.
    var epochLoss: [Float]
    /// Accuracy on the test set (nil when there was none).
    var testAccuracy: Float?
}

/// Trains `model` as lesson 4 does (inputs normalised with mean and std 0.5, shuffled
/// batches, SGD) and measures the test accuracy. `logProbabilities`: the model ends in a
/// log-softmax (NLL loss, as the lab), else it gives raw scores (cross-entropy).
func trainAsLesson4(_ model: Module, train: any Dataset, test: (any Dataset)? = nil, epochs: Int,
                    lr: Float, momentum: Float = 0.9, batchSize: Int = 128, logProbabilities: Bool) -> TrainingOutcome {
    let normalize = Transform.normalize(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])
    let loader = DataLoader(train, batchSize: batchSize, shuffle: true, transform: normalize)
    let opt = SGD(model.parameters(), lr: lr, momentum: momentum)
    var epochLoss: [Float] = []
    for _ in 0..<epochs {
        model.train()
        var sum: Float = 0, n: Float = 0
        for (x, y) in loader {
            let out = model(x)
            let loss = logProbabilities ? nllLoss(out, y) : crossEntropy(out, y)
            opt.zeroGrad(); loss.backward(); opt.step()
            sum += loss.item(); n += 1
        }
        epochLoss.append(sum / n)
    }
    guard let test else { return TrainingOutcome(epochLoss: epochLoss, testAccuracy: nil) }
    model.eval()
    var correct = 0, seen = 0
    noGrad {
        for (x, y) in DataLoader(test, batchSize: 500, transform: normalize) {
            correct += zip(predictedClasses(model(x)), y.intScalars).filter { $0 == $1 }.count
            seen += y.shape[0]
        }
    }
    return TrainingOutcome(epochLoss: epochLoss, testAccuracy: Float(correct) / Float(seen))
}
