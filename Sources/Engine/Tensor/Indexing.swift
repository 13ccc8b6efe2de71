// Selecting parts of a tensor: x[i], x[a..<b], x[i, j], narrow, indexSelect.

extension Tensor {
    /// Element i along the first dimension (`x[i]`), a view; negative i counts from the end.
    public subscript(_ i: Int) -> Tensor { select(0, i) }

    /// Several leading indices at once: `x[i, j]` is `x[i][j]`.
    public subscript(_ i: Int, _ j: Int, _ rest: Int...) -> Tensor {
        var t = select(0, i).select(0, j)
        for k in rest { t = t.select(0, k) }
        return t
    }

    /// A range of the first dimension (`x[a:b]`), a view.
    public subscript(_ r: Range<Int>) -> Tensor { narrow(0, r.lowerBound, r.count) }
    /// A closed range of the first dimension (`x[a:b+1]`), a view.
    public subscript(_ r: ClosedRange<Int>) -> Tensor { narrow(0, r.lowerBound, r.count) }
    /// The first rows up to `b` (`x[:b]`), a view.
    public subscript(_ r: PartialRangeUpTo<Int>) -> Tensor { narrow(0, 0, r.upperBound) }
    /// The rows from `a` on (`x[a:]`), a view.
    public subscript(_ r: PartialRangeFrom<Int>) -> Tensor { narrow(0, r.lowerBound, size(0) - r.lowerBound) }

    /// Rows picked by index (`x[indices]` with an index list), a copy.
    public subscript(_ indices: [Int]) -> Tensor { indexSelect(0, indices) }

    /// Index i along `dim`, removing that dimension. A view when dim is 0.
    public func select(_ dim: Int, _ index: Int) -> Tensor {
        require(rank > 0, "cannot index a scalar tensor")
        let d = normalizedDim(dim)
        let i = index < 0 ? index + shape[d] : index
        require(i >= 0 && i < shape[d], "index \(index) is out of range for dimension \(d) of size \(shape[d])")
        var s = shape
        s.remove(at: d)
        return narrow(d, i, 1).reshape(s)
    }

    /// `length` elements along `dim` starting at `start` (`narrow`). A view when every
    /// dimension before `dim` has size 1 (as for dim 0); otherwise a copy.
    public func narrow(_ dim: Int, _ start: Int, _ length: Int) -> Tensor {
        let d = normalizedDim(dim)
        require(start >= 0 && length >= 0 && start + length <= shape[d],
                "range \(start)..<\(start + length) is out of bounds for dimension \(d) of size \(shape[d])")
        let (outer, n, inner) = splitAround(shape, d)
        var outShape = shape
        outShape[d] = length
        let out: Tensor
        if outer == 1 {
            out = Tensor(storage: storage, offset: offset + start * inner, shape: outShape)
        } else {
            out = Tensor(uninitializedShape: outShape)
            for o in 0..<outer {
                (out.data + o * length * inner).update(from: data + (o * n + start) * inner, count: length * inner)
            }
        }
        let inputShape = shape
        return out.recorded("narrow", [self]) { gradOutput in
            let grad = Tensor(repeating: 0, shape: inputShape)
            for o in 0..<outer {
                (grad.data + (o * n + start) * inner).update(from: gradOutput.data + o * length * inner, count: length * inner)
            }
            return [grad]
        }
    }

    /// The entries at `indices` along `dim` (`index_select`), a copy. Repeated indices are
    /// allowed; their gradients add up.
    public func indexSelect(_ dim: Int, _ indices: [Int]) -> Tensor {
        let d = normalizedDim(dim)
        let (outer, n, inner) = splitAround(shape, d)
        for i in indices { require(i >= 0 && i < n, "index \(i) is out of range for dimension \(d) of size \(n)") }
        var outShape = shape
        outShape[d] = indices.count
        let out = Tensor(uninitializedShape: outShape)
        let m = indices.count
        for o in 0..<outer {
            for (j, i) in indices.enumerated() {
                (out.data + (o * m + j) * inner).update(from: data + (o * n + i) * inner, count: inner)
            }
        }
        let inputShape = shape
        return out.recorded("index_select", [self]) { gradOutput in
            let grad = Tensor(repeating: 0, shape: inputShape)
            for o in 0..<outer {
                for (j, i) in indices.enumerated() {
                    let dst = grad.data + (o * n + i) * inner, src = gradOutput.data + (o * m + j) * inner
                    for k in 0..<inner { dst[k] += src[k] }
                }
            }
            return [grad]
        }
    }

    /// Rows picked by an index tensor (Float32 holding integers).
    public func indexSelect(_ dim: Int, _ indices: Tensor) -> Tensor {
        indexSelect(dim, indices.scalars.map { Int($0) })
    }

    /// The values as Swift integers (for label and index tensors).
    public var intScalars: [Int] { scalars.map { Int($0) } }
}
