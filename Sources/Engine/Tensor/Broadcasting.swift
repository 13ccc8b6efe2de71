/// The shape two tensors broadcast to, by NumPy/PyTorch rules: align from the right;
/// each pair of sizes must be equal or one of them 1.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        require(da == db || da == 1 || db == 1,
                     "shapes \(a) and \(b) cannot be broadcast together (size \(da) vs \(db) at dimension \(i))")
        out[i] = da == 1 ? db : da
    }
    return out
}

/// Strides for reading a tensor of `shape` as if it had `target` shape: 0 along the
/// dimensions that are broadcast.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let lead = target.count - shape.count
    return (0..<target.count).map { i in
        i < lead || shape[i - lead] == 1 ? 0 : own[i - lead]
    }
}

/// Calls `body(outIndex, aIndex, bIndex, n, aStep, bStep)` over runs of the innermost
/// dimension of a broadcast `a op b` of shape `out`: n elements, starting at those flat
/// indices, advancing by aStep/bStep (0 or 1) in the inputs and 1 in the output.
@inline(__always)
func forEachBroadcastRun(_ out: [Int], _ a: [Int], _ b: [Int],
                         _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
    let rank = out.count
    if rank == 0 { body(0, 0, 0, 1, 0, 0); return }
    let sa = broadcastStrides(a, to: out), sb = broadcastStrides(b, to: out)
    let inner = out[rank - 1]
    let outer = out.reduce(1, *) / max(inner, 1)
    if inner == 0 || outer == 0 { return }
    var index = [Int](repeating: 0, count: rank)  // counter over the outer dimensions
    var ia = 0, ib = 0
    for o in 0..<outer {
        body(o * inner, ia, ib, inner, sa[rank - 1], sb[rank - 1])
        // Advance the counter over dimensions rank-2 … 0.
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            ia += sa[d]; ib += sb[d]
            if index[d] < out[d] { break }
            ia -= sa[d] * out[d]; ib -= sb[d] * out[d]
            index[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// Sums this gradient down to `shape`, undoing a broadcast from `shape` to self.shape.
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        require(lead >= 0, "cannot sum shape \(shape) down to \(target)")
        var dims: [Int] = Array(0..<lead)
        for i in 0..<target.count where target[i] == 1 && shape[lead + i] != 1 { dims.append(lead + i) }
        let summed = dims.isEmpty ? self : sum(dims: dims, keepdim: true)
        return summed.reshape(target)
    }
}
