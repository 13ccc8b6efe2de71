// Sums, means, maxima and minima over all elements or along dimensions.

/// Splits `shape` around dimension `d` into (outer, size of d, inner) element counts.
@inline(__always)
func splitAround(_ shape: [Int], _ d: Int) -> (outer: Int, n: Int, inner: Int) {
    (shape[..<d].reduce(1, *), shape[d], shape[(d + 1)...].reduce(1, *))
}

extension Tensor {
    /// The sum of all elements, as a scalar tensor.
    public func sum() -> Tensor {
        var total = 0.0
        let p = data
        var i = 0
        // Float partial sums over blocks, added in Double: fast and accurate enough.
        while i < count {
            let end = Swift.min(count, i + 4096)
            var partial: Float = 0
            for k in i..<end { partial += p[k] }
            total += Double(partial)
            i = end
        }
        let shape = self.shape
        return Tensor(Float(total)).recorded("sum", [self]) { gradOutput in [gradOutput.expand(shape)] }
    }

    /// Sums along `dim`; keeps it as size 1 when `keepdim`.
    public func sum(dim: Int, keepdim: Bool = false) -> Tensor { sum(dims: [dim], keepdim: keepdim) }

    /// Sums along several dimensions.
    public func sum(dims: [Int], keepdim: Bool = false) -> Tensor {
        let ds = Set(dims.map { normalizedDim($0) }).sorted()
        var result = self.detach()
        for d in ds { result = result.sumKeepingDim(d) }
        let kept = result.shape
        let finalShape = keepdim ? kept : shape.indices.filter { !ds.contains($0) }.map { shape[$0] }
        let out = Tensor(storage: result.storage, offset: result.offset, shape: finalShape)
        let inputShape = shape
        return out.recorded("sum", [self]) { gradOutput in [gradOutput.reshape(kept).expand(inputShape)] }
    }

    /// Sum along d keeping the dimension; not recorded.
    private func sumKeepingDim(_ d: Int) -> Tensor {
        let (outer, n, inner) = splitAround(shape, d)
        var outShape = shape
        outShape[d] = 1
        let out = Tensor(repeating: 0, shape: outShape)
        let pi = data, po = out.data
        parallelFor(outer, minPerTask: Swift.max(1, 32768 / Swift.max(n * inner, 1))) { range in
            for o in range {
                let dst = po + o * inner
                if inner == 1 {
                    var acc: Float = 0
                    let src = pi + o * n
                    for k in 0..<n { acc += src[k] }
                    dst[0] = acc
                } else {
                    for k in 0..<n {
                        let src = pi + (o * n + k) * inner
                        for i in 0..<inner { dst[i] += src[i] }
                    }
                }
            }
        }
        return out
    }

    /// Mean of all elements, a 0-d tensor (PyTorch: `x.mean()`).
    public func mean() -> Tensor { sum() / Float(Swift.max(count, 1)) }

    /// Mean along `dim` (PyTorch: `x.mean(dim, keepdim=False)`).
    public func mean(dim: Int, keepdim: Bool = false) -> Tensor { mean(dims: [dim], keepdim: keepdim) }

    /// Mean over several dimensions (PyTorch: `x.mean(dims, keepdim=False)`).
    public func mean(dims: [Int], keepdim: Bool = false) -> Tensor {
        let n = Set(dims.map { normalizedDim($0) }).reduce(1) { $0 * shape[$1] }
        return sum(dims: dims, keepdim: keepdim) / Float(Swift.max(n, 1))
    }

    /// The largest element, as a scalar tensor; the gradient goes to its first occurrence.
    public func max() -> Tensor { extreme(all: true, greater: true) }
    /// The smallest element, as a scalar tensor.
    public func min() -> Tensor { extreme(all: true, greater: false) }

    private func extreme(all: Bool, greater: Bool) -> Tensor {
        require(count > 0, "max()/min() of an empty tensor")
        var best = 0
        for i in 1..<count where greater ? data[i] > data[best] : data[i] < data[best] { best = i }
        let shape = self.shape
        return Tensor(data[best]).recorded(greater ? "max" : "min", [self]) { gradOutput in
            let grad = Tensor(repeating: 0, shape: shape)
            grad.data[best] = gradOutput.item()
            return [grad]
        }
    }

    /// Largest values along `dim` and their indices (`torch.max(x, dim)`).
    public func max(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        extreme(dim: dim, keepdim: keepdim, greater: true)
    }

    /// Smallest values along `dim` and their indices (`torch.min(x, dim)`).
    public func min(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        extreme(dim: dim, keepdim: keepdim, greater: false)
    }

    /// Index of the largest value along `dim` (`argmax`), as Float32 indices.
    public func argmax(dim: Int, keepdim: Bool = false) -> Tensor { max(dim: dim, keepdim: keepdim).indices }
    /// Index of the smallest value along `dim`, as Float32 indices (PyTorch: `x.argmin(dim)`).
    public func argmin(dim: Int, keepdim: Bool = false) -> Tensor { min(dim: dim, keepdim: keepdim).indices }

    /// Index of the largest element of the flattened tensor.
    public func argmax() -> Int {
        require(count > 0, "argmax() of an empty tensor")
        var best = 0
        for i in 1..<count where data[i] > data[best] { best = i }
        return best
    }

    private func extreme(dim: Int, keepdim: Bool, greater: Bool) -> (values: Tensor, indices: Tensor) {
        let d = normalizedDim(dim)
        let (outer, n, inner) = splitAround(shape, d)
        require(n > 0, "max/min along an empty dimension")
        var keptShape = shape
        keptShape[d] = 1
        let outShape = keepdim ? keptShape : shape.enumerated().filter { $0.offset != d }.map { $0.element }
        let values = Tensor(uninitializedShape: outShape), indices = Tensor(uninitializedShape: outShape)
        let pi = data, pv = values.data, px = indices.data
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                var bestValue = pi[o * n * inner + i]
                for k in 1..<n {
                    let v = pi[(o * n + k) * inner + i]
                    if greater ? v > bestValue : v < bestValue { best = k; bestValue = v }
                }
                pv[o * inner + i] = bestValue
                px[o * inner + i] = Float(best)
            }
        }
        let inputShape = shape
        values.recorded(greater ? "max" : "min", [self]) { gradOutput in
            let grad = Tensor(repeating: 0, shape: inputShape)
            let pg = gradOutput.data, pd = grad.data, px = indices.data
            for o in 0..<outer {
                for i in 0..<inner {
                    let k = Int(px[o * inner + i])
                    pd[(o * n + k) * inner + i] = pg[o * inner + i]
                }
            }
            return [grad]
        }
        return (values, indices)
    }
}
