// Datasets as PyTorch has them: something with a length that hands out
// (input, target) pairs by index, plus a batch fetch for speed.

/// A collection of (input, target) samples addressed by index, like `torch.utils.data.Dataset`.
///
/// Conformers implement `count` and `subscript`; `batch(_:)` has a default that stacks
/// samples, and datasets held in memory override it to copy a batch in one go.
public protocol Dataset {
    /// The number of samples (`len(dataset)`).
    var count: Int { get }
    /// Sample `index`: its input and its target.
    subscript(index: Int) -> (input: Tensor, target: Tensor) { get }
    /// The samples at `indices`, stacked along a new first dimension.
    func batch(_ indices: [Int]) -> (input: Tensor, target: Tensor)
}

extension Dataset {
    public func batch(_ indices: [Int]) -> (input: Tensor, target: Tensor) {
        require(!indices.isEmpty, "a batch needs at least one index")
        let samples = indices.map { self[$0] }
        return (stackRows(samples.map(\.input)), stackRows(samples.map(\.target)))
    }
}

/// Samples are the rows of tensors that share their first dimension
/// (`torch.utils.data.TensorDataset`): `TensorDataset(x, y)[i] == (x[i], y[i])`.
public struct TensorDataset: Dataset {
    /// The inputs, one row per sample.
    public let inputs: Tensor
    /// The targets, one row per sample.
    public let targets: Tensor

    /// Pairs the rows of `inputs` with the rows of `targets` (same first dimension).
    public init(_ inputs: Tensor, _ targets: Tensor) {
        require(inputs.rank > 0 && targets.rank > 0, "TensorDataset needs tensors with a first dimension")
        require(inputs.shape[0] == targets.shape[0],
                "TensorDataset: \(inputs.shape[0]) inputs but \(targets.shape[0]) targets")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.shape[0] }

    public subscript(index: Int) -> (input: Tensor, target: Tensor) { (inputs[index], targets[index]) }

    public func batch(_ indices: [Int]) -> (input: Tensor, target: Tensor) {
        (gatherRows(inputs, indices), gatherRows(targets, indices))
    }
}

/// The samples of another dataset at chosen indices (`torch.utils.data.Subset`),
/// as `randomSplit` returns them.
public struct Subset: Dataset {
    /// The dataset the samples come from.
    public let dataset: any Dataset
    /// Which of its samples, in order.
    public let indices: [Int]

    /// The samples of `dataset` at `indices`, in that order.
    public init(_ dataset: any Dataset, indices: [Int]) {
        require(indices.allSatisfy { $0 >= 0 && $0 < dataset.count },
                "Subset: an index is out of range for a dataset of \(dataset.count) samples")
        self.dataset = dataset
        self.indices = indices
    }

    public var count: Int { indices.count }
    public subscript(index: Int) -> (input: Tensor, target: Tensor) { dataset[indices[index]] }
    public func batch(_ batchIndices: [Int]) -> (input: Tensor, target: Tensor) {
        dataset.batch(batchIndices.map { indices[$0] })
    }
}

// Batches are built by plain copies, never through recorded ops or `noGrad`: they run on
// the DataLoader's background thread, and `noGrad` flips a process-wide flag.

/// Rows `indices` of `t` (along the first dimension), copied into a new tensor.
func gatherRows(_ t: Tensor, _ indices: [Int]) -> Tensor {
    let rowSize = t.count / max(t.shape[0], 1)
    var shape = t.shape
    shape[0] = indices.count
    let out = Tensor(uninitializedShape: shape)
    for (j, i) in indices.enumerated() {
        require(i >= 0 && i < t.shape[0], "index \(i) is out of range for \(t.shape[0]) samples")
        (out.data + j * rowSize).update(from: t.data + i * rowSize, count: rowSize)
    }
    return out
}

/// Tensors of one shape stacked along a new first dimension, copied.
func stackRows(_ tensors: [Tensor]) -> Tensor {
    let shape = tensors[0].shape, size = tensors[0].count
    let out = Tensor(uninitializedShape: [tensors.count] + shape)
    for (j, t) in tensors.enumerated() {
        require(t.shape == shape, "cannot batch samples of shapes \(shape) and \(t.shape)")
        (out.data + j * size).update(from: t.data, count: size)
    }
    return out
}
