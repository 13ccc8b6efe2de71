// Small vectorised reductions over raw buffers. The compiler does not vectorise float
// reductions by itself (that would reorder additions), so these keep several SIMD
// accumulators explicitly; the results differ from a sequential sum only by rounding.

@inline(__always)
private func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

/// Σ p[i] for i in 0..<n.
@inline(__always)
func vectorSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= n { a0 += load8(p, i); a1 += load8(p, i + 8); i += 16 }
    var s = (a0 + a1).sum()
    while i < n { s += p[i]; i += 1 }
    return s
}

/// Σ (p[i] − shift)².
@inline(__always)
func vectorSumSquaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, _ shift: Float) -> Float {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
    let m = SIMD8<Float>(repeating: shift)
    var i = 0
    while i + 16 <= n {
        let d0 = load8(p, i) - m, d1 = load8(p, i + 8) - m
        a0 += d0 * d0; a1 += d1 * d1
        i += 16
    }
    var s = (a0 + a1).sum()
    while i < n { let d = p[i] - shift; s += d * d; i += 1 }
    return s
}

/// (Σ y[i], Σ y[i]·(x[i] − shift)), counting y[i] as 0 where `positive` is given and not
/// positive[i] > 0 (y masked as a ReLU's backward masks it, without writing the masked copy).
@inline(__always)
func vectorSumAndDot(_ y: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, _ shift: Float,
                     where positive: UnsafePointer<Float>? = nil) -> (Float, Float) {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), d0 = SIMD8<Float>(), d1 = SIMD8<Float>()
    let m = SIMD8<Float>(repeating: shift), zero = SIMD8<Float>()
    var i = 0
    while i + 16 <= n {
        var y0 = load8(y, i), y1 = load8(y, i + 8)
        if let positive {
            y0 = zero.replacing(with: y0, where: load8(positive, i) .> zero)
            y1 = zero.replacing(with: y1, where: load8(positive, i + 8) .> zero)
        }
        s0 += y0; s1 += y1
        d0 += y0 * (load8(x, i) - m); d1 += y1 * (load8(x, i + 8) - m)
        i += 16
    }
    var s = (s0 + s1).sum(), d = (d0 + d1).sum()
    while i < n {
        let yv = y[i], yi = positive.map { $0[i] > 0 ? yv : 0 } ?? yv
        s += yi; d += yi * (x[i] - shift); i += 1
    }
    return (s, d)
}

