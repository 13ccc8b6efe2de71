// Adaptive pooling (`F.adaptive_max_pool2d`, `F.adaptive_avg_pool2d`): windows chosen so
// that the output has a given size, whatever the input's.

private func adaptiveWindows(_ x: Tensor, _ size: (Int, Int), _ name: String) -> PoolWindows {
    require(x.rank == 3 || x.rank == 4, "\(name) expects input of shape [N, C, H, W] or [C, H, W], got \(x.shape)")
    require(size.0 >= 1 && size.1 >= 1, "\(name): output size must be positive, got \(size)")
    return PoolWindows.adaptive(inH: x.shape[x.rank - 2], inW: x.shape[x.rank - 1], outH: size.0, outW: size.1)
}

/// Max pooling to an output of `outputSize` (height, width).
public func adaptiveMaxPool2d(_ x: Tensor, outputSize: (Int, Int)) -> Tensor {
    maxPool(x, adaptiveWindows(x, outputSize, "adaptiveMaxPool2d"), name: "adaptive_max_pool2d")
}

/// Max pooling to an outputSize × outputSize output (`AdaptiveMaxPool2d(1)` gives 1x1).
public func adaptiveMaxPool2d(_ x: Tensor, outputSize: Int) -> Tensor {
    adaptiveMaxPool2d(x, outputSize: (outputSize, outputSize))
}

/// Average pooling to an output of `outputSize` (height, width).
public func adaptiveAvgPool2d(_ x: Tensor, outputSize: (Int, Int)) -> Tensor {
    avgPool(x, adaptiveWindows(x, outputSize, "adaptiveAvgPool2d"), name: "adaptive_avg_pool2d")
}

/// Average pooling to an outputSize × outputSize output.
public func adaptiveAvgPool2d(_ x: Tensor, outputSize: Int) -> Tensor {
    adaptiveAvgPool2d(x, outputSize: (outputSize, outputSize))
}
