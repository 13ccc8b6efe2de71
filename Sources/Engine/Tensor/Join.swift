// Joining tensors: cat and stack.

/// Concatenates tensors along `dim` (`torch.cat`); all other dimensions must match.
public func cat(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
    require(!tensors.isEmpty, "cat of an empty list of tensors")
    let first = tensors[0]
    let d = first.normalizedDim(dim)
    for t in tensors {
        require(t.rank == first.rank, "cat: tensors of rank \(first.rank) and \(t.rank)")
        for i in 0..<t.rank where i != d {
            require(t.shape[i] == first.shape[i],
                    "cat along dimension \(d): shapes \(first.shape) and \(t.shape) differ at dimension \(i)")
        }
    }
    let sizes = tensors.map { $0.shape[d] }
    var outShape = first.shape
    outShape[d] = sizes.reduce(0, +)
    let (outer, total, inner) = splitAround(outShape, d)
    let out = Tensor(uninitializedShape: outShape)
    var start = 0
    for (t, n) in zip(tensors, sizes) {
        let src = t.data, dst = out.data
        let block = n * inner
        parallelFor(outer, minPerTask: Swift.max(1, 16384 / Swift.max(block, 1))) { r in
            for o in r { (dst + (o * total + start) * inner).update(from: src + o * block, count: block) }
        }
        start += n
    }
    var offsets: [Int] = []
    var running = 0
    for n in sizes { offsets.append(running); running += n }
    return out.recorded("cat", tensors) { gradOutput in
        zip(offsets, sizes).map { (s, n) in gradOutput.narrow(d, s, n) }
    }
}

/// Stacks tensors of one shape along a new dimension `dim` (`torch.stack`).
public func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
    require(!tensors.isEmpty, "stack of an empty list of tensors")
    let shape = tensors[0].shape
    for t in tensors { require(t.shape == shape, "stack: shapes \(shape) and \(t.shape) differ") }
    return cat(tensors.map { $0.unsqueeze(dim) }, dim: dim)
}
