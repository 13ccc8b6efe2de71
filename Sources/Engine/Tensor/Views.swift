// Reshaping and reordering dimensions.

extension Tensor {
    /// The same data with another shape; one dimension may be -1 (inferred).
    /// Shares storage with `self`, like PyTorch's `view`.
    public func view(_ shape: Int...) -> Tensor { reshape(shape) }
    /// The same data with another shape given as an array; shares storage (PyTorch: `x.view(shape)`).
    public func view(_ shape: [Int]) -> Tensor { reshape(shape) }
    /// The same data with another shape; one dimension may be -1 (PyTorch: `x.reshape(*shape)`).
    public func reshape(_ shape: Int...) -> Tensor { reshape(shape) }

    /// The same data with another shape given as an array; one dimension may be -1 (PyTorch: `x.reshape(shape)`).
    public func reshape(_ newShape: [Int]) -> Tensor {
        let resolved = resolveShape(newShape)
        if resolved == shape { return self }
        let out = Tensor(storage: storage, offset: offset, shape: resolved)
        let original = shape
        return out.recorded("view", [self]) { gradOutput in [gradOutput.reshape(original)] }
    }

    private func resolveShape(_ newShape: [Int]) -> [Int] {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        require(inferred.count <= 1, "only one dimension can be -1 in \(newShape)")
        var resolved = newShape
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        if let i = inferred.first {
            require(known > 0 && count % known == 0,
                    "cannot view \(count) elements of shape \(shape) as \(newShape)")
            resolved[i] = count / known
        }
        require(resolved.reduce(1, *) == count,
                "cannot view a tensor of shape \(shape) (\(count) elements) as \(newShape)")
        return resolved
    }

    /// Flattens dimensions startDim…endDim into one (`flatten`).
    public func flatten(startDim: Int = 0, endDim: Int = -1) -> Tensor {
        if rank == 0 { return reshape([1]) }
        let s = normalizedDim(startDim), e = normalizedDim(endDim)
        let merged = shape[s...e].reduce(1, *)
        return reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Inserts a dimension of size 1 at `dim` (`unsqueeze`).
    public func unsqueeze(_ dim: Int) -> Tensor {
        let d = normalizedDim(dim, rank: rank + 1)
        var s = shape
        s.insert(1, at: d)
        return reshape(s)
    }

    /// Removes dimensions of size 1: all of them, or only `dim`.
    public func squeeze(_ dim: Int? = nil) -> Tensor {
        if let dim {
            let d = normalizedDim(dim)
            guard shape[d] == 1 else { return self }
            var s = shape
            s.remove(at: d)
            return reshape(s)
        }
        return reshape(shape.filter { $0 != 1 })
    }

    /// Reorders dimensions (`permute`): result dimension i is input dimension dims[i]. Copies.
    public func permute(_ dims: Int...) -> Tensor { permute(dims) }

    /// Reorders dimensions given as an array (PyTorch: `x.permute(dims)`). Copies.
    public func permute(_ dims: [Int]) -> Tensor {
        require(dims.count == rank, "permute needs \(rank) dimensions, got \(dims)")
        let dims = dims.map { normalizedDim($0) }
        require(Set(dims).count == rank, "permute dimensions must be distinct: \(dims)")
        if dims == Array(0..<rank) { return self }
        let outShape = dims.map { shape[$0] }
        let inStrides = strides
        let src = dims.map { inStrides[$0] }  // stride in the input for each output dimension
        let out = Tensor(uninitializedShape: outShape)
        let pi = data, po = out.data
        let r = rank
        var index = [Int](repeating: 0, count: r)
        var si = 0
        let inner = outShape[r - 1], innerStride = src[r - 1]
        var o = 0
        let outer = count / Swift.max(inner, 1)
        for _ in 0..<(inner == 0 ? 0 : outer) {
            for k in 0..<inner { po[o + k] = pi[si + k * innerStride] }
            o += inner
            var d = r - 2
            while d >= 0 {
                index[d] += 1; si += src[d]
                if index[d] < outShape[d] { break }
                si -= src[d] * outShape[d]; index[d] = 0
                d -= 1
            }
        }
        var inverse = [Int](repeating: 0, count: r)
        for (i, d) in dims.enumerated() { inverse[d] = i }
        return out.recorded("permute", [self]) { gradOutput in [gradOutput.permute(inverse)] }
    }

    /// Swaps two dimensions (`transpose`). Copies.
    public func transpose(_ d0: Int, _ d1: Int) -> Tensor {
        var dims = Array(0..<rank)
        dims.swapAt(normalizedDim(d0), normalizedDim(d1))
        return permute(dims)
    }

    /// The transpose of a matrix (`t()`; `.T` in PyTorch).
    public func t() -> Tensor {
        require(rank <= 2, "t() expects a tensor of rank at most 2, got shape \(shape)")
        return rank < 2 ? self : transpose(0, 1)
    }

    /// `.T` in PyTorch.
    public var T: Tensor { t() }

    /// Always contiguous here; kept so translated code reads the same.
    public func contiguous() -> Tensor { self }

    /// A copy broadcast to `shape` (PyTorch's `expand`, materialised).
    public func expand(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        require(broadcastShape(shape, target) == target, "cannot expand shape \(shape) to \(target)")
        let out = Tensor(uninitializedShape: target)
        let pi = data, po = out.data
        forEachBroadcastRun(target, target, shape) { o, _, ib, n, _, db in
            if db == 1 { for k in 0..<n { po[o + k] = pi[ib + k] } }
            else { let v = pi[ib]; for k in 0..<n { po[o + k] = v } }
        }
        let original = shape
        return out.recorded("expand", [self]) { gradOutput in [gradOutput.sumToShape(original)] }
    }

    /// A copy broadcast to `shape`, given as sizes (PyTorch: `x.expand(*sizes)`, materialised).
    public func expand(_ shape: Int...) -> Tensor { expand(shape) }
}
