/// `bn(conv(x))`, plus `residual` when given, then ReLU when `relu`: the course models'
/// conv → batch norm (→ ReLU) pattern, and a residual block's `relu(bn2(conv2(h)) + shortcut)`,
/// with inference folded into one pass. `Sequential` calls it for each Conv2d, BatchNorm2d
/// (, ReLU) run among its layers.
///
/// In eval mode with gradients off, batch norm is a fixed per-channel affine map, so it
/// folds into the convolution: w' = w · s and b' = β + (b − μ) · s with s = γ / √(σ² + ε),
/// and the residual and ReLU are applied to each image's output as the convolution writes it
/// (ConvOutputPass). That saves batch norm's, the add's and ReLU's full passes over the
/// activations (and their buffers). Results match the unfolded layers to float rounding
/// (about 1e-6 relative). In training, with gradients on, for grouped / dilated convolutions,
/// or a residual not of the output's shape (broadcast), the layers run as written, batch
/// norm, the residual and ReLU as one op where the residual has the output's shape (the same
/// values and gradients: batchNorm(_:…:adding:relu:)).
public func convBatchNorm(_ x: Tensor, _ conv: Conv2d, _ bn: BatchNorm2d, adding residual: Tensor? = nil,
                          relu: Bool = false) -> Tensor {
    let asWritten = {
        // Batch norm, the residual and ReLU as one op (the same values and gradients) where the
        // residual has the output's shape, as a residual block's does.
        let y = conv(x)
        if let residual, residual.shape != y.shape {
            let sum = bn(y) + residual
            return relu ? sum.relu() : sum
        }
        return bn.forward(y, adding: residual, relu: relu)
    }
    guard !conv.isTraining, !bn.isTraining, !GradMode.isEnabled, conv.groups == 1, conv.dilation == (1, 1),
          let mean = bn.runningMean, let variance = bn.runningVar, x.rank == 4, x.shape[1] == conv.inChannels else {
        return asWritten()
    }
    let (n, cin, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = conv.kernelSize, cout = conv.outChannels
    let geo = ConvGeometry(channels: cin, height: h, width: wd, kernelH: kh, kernelW: kw,
                           strideH: conv.stride.0, strideW: conv.stride.1, padH: conv.padding.0, padW: conv.padding.1)
    let shape = [n, cout, geo.outH, geo.outW]
    if let residual, residual.shape != shape { return asWritten() }
    let perChannel = conv.weight.count / cout
    let w = Tensor(uninitializedShape: conv.weight.shape), b = Tensor(uninitializedShape: [cout])
    for c in 0..<cout {
        let gamma = bn.weight?.data[c] ?? 1, beta = bn.bias?.data[c] ?? 0
        let s = gamma / (variance.data[c] + bn.eps).squareRoot()
        for i in 0..<perChannel { w.data[c * perChannel + i] = conv.weight.data[c * perChannel + i] * s }
        b.data[c] = beta + ((conv.bias?.data[c] ?? 0) - mean.data[c]) * s
    }
    let out = Tensor(uninitializedShape: shape)
    withExtendedLifetime((w, b)) {  // their pointers are read below, after the tensors' last use
        convForward(x.data, w.data, b.data, out.data, batch: n, outChannels: cout, geo,
                    then: ConvOutputPass(residual: residual.map { UnsafePointer($0.data) }, relu: relu))
    }
    return out
}
