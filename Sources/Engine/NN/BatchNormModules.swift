// Batch normalisation layers: BatchNorm2d over NCHW, BatchNorm1d over [N, C] or [N, C, L].

/// What BatchNorm1d and BatchNorm2d share: parameters, running statistics, and the
/// choice between batch and running statistics (`_BatchNorm` in PyTorch).
///
/// In training mode the layer normalises with the batch's mean and (biased) variance and
/// updates the running statistics: running = (1 - momentum)·running + momentum·batch,
/// with the unbiased batch variance; `momentum: nil` uses a cumulative average instead.
/// In eval mode it normalises with the running statistics.
open class BatchNormBase: Module {
    /// The number of channels (features) normalised.
    public let numFeatures: Int
    /// Added to the variance for numerical stability.
    public let eps: Float
    /// The weight of the new batch in the running averages; nil for a cumulative average.
    public let momentum: Float?
    /// Whether the layer has a learnable scale and shift.
    public let affine: Bool
    /// Whether running statistics are kept (and used in eval mode).
    public let trackRunningStats: Bool
    /// γ, [numFeatures], initialised to 1 (nil when `affine` is false).
    public var weight: Tensor?
    /// β, [numFeatures], initialised to 0 (nil when `affine` is false).
    public var bias: Tensor?
    /// Running mean, [numFeatures], initialised to 0 (a buffer).
    public var runningMean: Tensor?
    /// Running variance, [numFeatures], initialised to 1 (a buffer).
    public var runningVar: Tensor?
    /// Number of training batches seen, a scalar (a buffer, saved as an integer).
    public var numBatchesTracked: Tensor?

    /// `nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)`.
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float? = 0.1,
                affine: Bool = true, trackRunningStats: Bool = true) {
        require(numFeatures > 0, "\(Self.self): numFeatures must be positive, got \(numFeatures)")
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        if affine {
            weight = Tensor(repeating: 1, shape: [numFeatures]).requiresGrad_()
            bias = Tensor(repeating: 0, shape: [numFeatures]).requiresGrad_()
        }
        if trackRunningStats {
            runningMean = Tensor(repeating: 0, shape: [numFeatures])
            runningVar = Tensor(repeating: 1, shape: [numFeatures])
            numBatchesTracked = Tensor(0)
        }
        super.init()
    }

    open override var bufferPropertyNames: Set<String> { ["runningMean", "runningVar", "numBatchesTracked"] }

    /// Resets the running statistics to mean 0, variance 1, no batches seen.
    public func resetRunningStats() {
        runningMean?.fill_(0)
        runningVar?.fill_(1)
        numBatchesTracked?.fill_(0)
    }

    /// Normalises a tensor whose dimension 1 holds the features, adds `residual` (x's shape)
    /// when given, then applies ReLU when `relu` (one op: see batchNorm(_:…:adding:relu:)).
    func normalize(_ x: Tensor, adding residual: Tensor? = nil, relu: Bool = false) -> Tensor {
        require(x.rank >= 2 && x.shape[1] == numFeatures,
                "\(typeName)(\(numFeatures)): expected \(numFeatures) features in dimension 1, got input of shape \(x.shape)")
        var factor: Float = 0
        if isTraining, let counter = numBatchesTracked {
            counter += 1
            factor = momentum ?? 1 / counter.item()
        }
        // Batch statistics in training, and always when no running statistics are kept;
        // the kernel updates the running statistics it is given in training mode.
        return batchNorm(x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                         training: isTraining || runningMean == nil, momentum: factor, eps: eps, adding: residual, relu: relu)
    }

    open override var extraDescription: String {
        "\(numFeatures), eps=\(PythonRepr.float(eps)), momentum=\(PythonRepr.optional(momentum, PythonRepr.float)), "
            + "affine=\(PythonRepr.bool(affine)), track_running_stats=\(PythonRepr.bool(trackRunningStats))"
    }
}

/// Batch normalisation over the channels of NCHW input (`nn.BatchNorm2d`).
public final class BatchNorm2d: BatchNormBase {
    public override func forward(_ x: Tensor) -> Tensor { forward(x, adding: nil, relu: false) }

    /// The forward pass, plus `residual` (x's shape) when given, then ReLU when `relu`, as one
    /// op (convBatchNorm's path where it does not fold).
    func forward(_ x: Tensor, adding residual: Tensor?, relu: Bool) -> Tensor {
        require(x.rank == 4, "BatchNorm2d: expected 4D input (got \(x.rank)D input of shape \(x.shape))")
        return normalize(x, adding: residual, relu: relu)
    }
}

/// Batch normalisation over the features of [N, C] or [N, C, L] input (`nn.BatchNorm1d`).
public final class BatchNorm1d: BatchNormBase {
    public override func forward(_ x: Tensor) -> Tensor {
        require(x.rank == 2 || x.rank == 3,
                "BatchNorm1d: expected 2D or 3D input (got \(x.rank)D input of shape \(x.shape))")
        return normalize(x)
    }
}
