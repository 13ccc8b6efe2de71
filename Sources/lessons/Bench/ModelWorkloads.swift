import CourseModels
import Engine

/// The course models as benchmark workloads: one training step (forward, backward,
/// optimiser step) and one inference pass (eval mode, no autograd) on a fixed random batch.
/// The same models, batches, losses and optimisers as bench/pytorch_peer.py.
struct ModelWorkload {
    /// The `--models` name ("mlp", "mnist", "cifar", "deepcnn").
    let key: String
    /// The figure name's prefix, e.g. "cifar-resnet222 b128".
    let label: String
    let batch: Int
    /// Builds fresh state and returns (train step, inference step).
    let make: () -> (train: () -> Void, infer: () -> Void)

    static let all: [ModelWorkload] = [mlp, mnist, cifar, deepCNN]

    /// fastbook ch. 4's 3s-vs-7s net with `mnist_loss` and a manual SGD update (lr 0.1), as
    /// torch_resnet.py's bench_linear; inference is the forward pass alone.
    static let mlp = ModelWorkload(key: "mlp", label: "mlp-3v7 b256", batch: 256) {
        let w1 = randn(784, 30).requiresGrad_(), b1 = zeros(30).requiresGrad_()
        let w2 = randn(30, 1).requiresGrad_(), b2 = zeros(1).requiresGrad_()
        let params = [w1, b1, w2, b2]
        let x = rand(256, 784), y = randint(0, 2, [256, 1])
        let lr: Float = 0.1
        func forward() -> Tensor { relu(x • w1 + b1) • w2 + b2 }
        return ({
            let p = forward().sigmoid()
            Tensor.where(y == 1, 1 - p, p).mean().backward()
            for w in params {
                w -= w.grad! * lr
                _ = w.grad!.zero_()
            }
        }, {
            _ = noGrad { forward() }
        })
    }

    /// The MNIST residual CNN, batch 64, cross-entropy, SGD lr 0.01.
    static let mnist = classifier(key: "mnist", label: "mnist-resnet b64", batch: 64, input: [1, 28, 28], lr: 0.01,
                                  model: { MnistResNet() }, loss: { crossEntropy($0, $1) })

    /// The CIFAR ResNet [2,2,2], batch 128, NLL on its log-softmax, SGD lr 0.001.
    static let cifar = classifier(key: "cifar", label: "cifar-resnet222 b128", batch: 128, input: [3, 32, 32], lr: 0.001,
                                  model: { CifarResNet(layers: [2, 2, 2]) }, loss: { nllLoss($0, $1) })

    /// Deep_CNN(3, 6 ResBlocks, width 32), batch 256, cross-entropy, SGD lr 0.01.
    static let deepCNN = classifier(key: "deepcnn", label: "deep-cnn-res b256", batch: 256, input: [3, 32, 32], lr: 0.01,
                                    model: { DeepCNN(channelsIn: 3, numBlocks: 6, chWidth: 32, layerType: ResBlock2.self) },
                                    loss: { crossEntropy($0, $1) })

    /// A classifier on random images and labels with plain SGD.
    static func classifier(key: String, label: String, batch: Int, input: [Int], lr: Float,
                           model makeModel: @escaping () -> Module,
                           loss: @escaping (Tensor, Tensor) -> Tensor) -> ModelWorkload {
        ModelWorkload(key: key, label: label, batch: batch) {
            let model = makeModel()
            let x = randn([batch] + input), y = randint(0, 10, [batch])
            let opt = SGD(model.parameters(), lr: lr)
            return ({
                model.train()
                opt.zeroGrad()
                loss(model(x), y).backward()
                opt.step()
            }, {
                model.eval()
                _ = noGrad { model(x) }
            })
        }
    }
}
