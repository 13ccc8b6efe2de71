import Foundation

// Softmax and log-softmax along a dimension, computed stably (the maximum subtracted first).

/// Calls `body(base, stride)` for every line of `n` elements along the split dimension.
@inline(__always)
private func forEachLine(outer: Int, n: Int, inner: Int, _ body: (Int, Int) -> Void) {
    parallelFor(outer * inner, minPerTask: max(1, 8192 / max(n, 1))) { range in
        for line in range {
            let o = line / inner, i = line % inner
            body(o * n * inner + i, inner)
        }
    }
}

/// log(softmax(x)) along `dim` (`F.log_softmax`): x − max − log Σ exp(x − max).
public func logSoftmax(_ x: Tensor, dim: Int) -> Tensor {
    let d = x.normalizedDim(dim)
    let (outer, n, inner) = splitAround(x.shape, d)
    let out = Tensor(uninitializedShape: x.shape)
    let px = x.data, po = out.data
    forEachLine(outer: outer, n: n, inner: inner) { base, step in
        var m = -Float.infinity
        for k in 0..<n { m = max(m, px[base + k * step]) }
        var s: Float = 0
        for k in 0..<n { s += Foundation.exp(px[base + k * step] - m) }
        let shift = m + Foundation.log(s)
        for k in 0..<n { po[base + k * step] = px[base + k * step] - shift }
    }
    // The closure holds the output (a detached view: the output holds the closure) and
    // the input's shape, not the input: the graph keeps alive only what closures hold.
    let y = out.detach(), inputShape = x.shape
    return out.recorded("log_softmax", [x]) { gradOutput in
        // dx = g − softmax · Σ g
        let gx = Tensor(uninitializedShape: inputShape)
        let pg = gradOutput.data, pd = gx.data, po = y.data
        forEachLine(outer: outer, n: n, inner: inner) { base, step in
            var s: Float = 0
            for k in 0..<n { s += pg[base + k * step] }
            for k in 0..<n { pd[base + k * step] = pg[base + k * step] - Foundation.exp(po[base + k * step]) * s }
        }
        return [gx]
    }
}

/// exp(x) / Σ exp(x) along `dim` (`F.softmax`).
public func softmax(_ x: Tensor, dim: Int) -> Tensor {
    let d = x.normalizedDim(dim)
    let (outer, n, inner) = splitAround(x.shape, d)
    let out = Tensor(uninitializedShape: x.shape)
    let px = x.data, po = out.data
    forEachLine(outer: outer, n: n, inner: inner) { base, step in
        var m = -Float.infinity
        for k in 0..<n { m = max(m, px[base + k * step]) }
        var s: Float = 0
        for k in 0..<n {
            let e = Foundation.exp(px[base + k * step] - m)
            po[base + k * step] = e
            s += e
        }
        let inv = 1 / s
        for k in 0..<n { po[base + k * step] *= inv }
    }
    // The closure holds the output (a detached view: the output holds the closure) and
    // the input's shape, not the input: the graph keeps alive only what closures hold.
    let y = out.detach(), inputShape = x.shape
    return out.recorded("softmax", [x]) { gradOutput in
        // dx = y · (g − Σ g·y)
        let gx = Tensor(uninitializedShape: inputShape)
        let pg = gradOutput.data, pd = gx.data, po = y.data
        forEachLine(outer: outer, n: n, inner: inner) { base, step in
            var s: Float = 0
            for k in 0..<n { s += pg[base + k * step] * po[base + k * step] }
            for k in 0..<n { pd[base + k * step] = po[base + k * step] * (pg[base + k * step] - s) }
        }
        return [gx]
    }
}

extension Tensor {
    /// `x.log_softmax(dim)`.
    public func logSoftmax(dim: Int) -> Tensor { Engine.logSoftmax(self, dim: dim) }
    /// `x.softmax(dim)`.
    public func softmax(dim: Int) -> Tensor { Engine.softmax(self, dim: dim) }
}
