// `F`, the functional namespace of `torch.nn.functional`: `F.relu(x)`, `F.mseLoss(y, t)`.
//
// Every member forwards to the engine's free function or method of the same name, so there
// is one implementation per op; `F` only lets `import torch.nn.functional as F` code read
// the same in Swift (with camelCase: `F.mse_loss` is `F.mseLoss`).

/// The functions of `torch.nn.functional` the course uses, under PyTorch's namespace name.
/// Each is an alias of the engine's free function of the same name (`F.relu(x)` is `relu(x)`).
public enum F {
    // Activations.

    /// `F.relu`: max(x, 0).
    public static func relu(_ x: Tensor) -> Tensor { x.relu() }
    /// `F.sigmoid`: 1 / (1 + e^-x).
    public static func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
    /// `F.tanh`.
    public static func tanh(_ x: Tensor) -> Tensor { x.tanh() }
    /// `F.softmax(x, dim)`.
    public static func softmax(_ x: Tensor, dim: Int) -> Tensor { Engine.softmax(x, dim: dim) }
    /// `F.log_softmax(x, dim)`.
    public static func logSoftmax(_ x: Tensor, dim: Int) -> Tensor { Engine.logSoftmax(x, dim: dim) }

    // Losses.

    /// `F.mse_loss`: mean squared error.
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        Engine.mseLoss(input, target, reduction: reduction)
    }
    /// `F.l1_loss`: mean absolute error.
    public static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        Engine.l1Loss(input, target, reduction: reduction)
    }
    /// `F.cross_entropy` over logits and class indices.
    public static func crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                    ignoreIndex: Int = -100, reduction: Reduction = .mean) -> Tensor {
        Engine.crossEntropy(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
    /// `F.nll_loss` over log-probabilities and class indices.
    public static func nllLoss(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                               ignoreIndex: Int = -100, reduction: Reduction = .mean) -> Tensor {
        Engine.nllLoss(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
    /// `F.binary_cross_entropy` over probabilities.
    public static func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                          reduction: Reduction = .mean) -> Tensor {
        Engine.binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
    }
    /// `F.binary_cross_entropy_with_logits`.
    public static func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                                    posWeight: Tensor? = nil, reduction: Reduction = .mean) -> Tensor {
        Engine.binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: reduction)
    }

    // Layers as functions.

    /// `F.linear(x, weight, bias)`: x · weightᵀ + bias.
    public static func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) -> Tensor {
        Engine.linear(x, weight, bias)
    }
    /// `F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
    public static func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) -> Tensor {
        Engine.conv2d(input, weight, bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
    /// `F.conv2d` with (height, width) pairs.
    @_disfavoredOverload
    public static func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                              stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                              dilation: (Int, Int) = (1, 1), groups: Int = 1) -> Tensor {
        Engine.conv2d(input, weight, bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
    /// `F.max_pool2d(x, kernel_size, stride, padding)`; the stride defaults to the kernel size.
    public static func maxPool2d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        Engine.maxPool2d(x, kernelSize: kernelSize, stride: stride, padding: padding)
    }
    /// `F.avg_pool2d(x, kernel_size, stride, padding)`.
    public static func avgPool2d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        Engine.avgPool2d(x, kernelSize: kernelSize, stride: stride, padding: padding)
    }
    /// `F.adaptive_avg_pool2d(x, output_size)`.
    public static func adaptiveAvgPool2d(_ x: Tensor, outputSize: Int) -> Tensor {
        Engine.adaptiveAvgPool2d(x, outputSize: outputSize)
    }
    /// `F.adaptive_max_pool2d(x, output_size)`.
    public static func adaptiveMaxPool2d(_ x: Tensor, outputSize: Int) -> Tensor {
        Engine.adaptiveMaxPool2d(x, outputSize: outputSize)
    }
    /// `F.dropout(x, p=0.5, training=True)`: PyTorch's defaults, training included.
    public static func dropout(_ x: Tensor, p: Float = 0.5, training: Bool = true) -> Tensor {
        Engine.dropout(x, p: p, training: training)
    }
}
