// Concrete loops for the hottest elementwise operations.
//
// `unaryMap`/`binaryMap` take the operation as a closure; on the parallel path the
// compiler leaves that closure as an indirect call per element (several times slower than
// a vectorised loop). These kernels switch once per range instead, so each loop is
// specialised and vectorised.

/// An elementwise binary operation on equally shaped operands.
enum BinaryKernel {
    case add, sub, mul, div

    /// out[i] = a[i] ∘ b[i] for i in `range`.
    @inline(__always)
    func run(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        switch self {
        case .add: for i in range { out[i] = a[i] + b[i] }
        case .sub: for i in range { out[i] = a[i] - b[i] }
        case .mul: for i in range { out[i] = a[i] * b[i] }
        case .div: for i in range { out[i] = a[i] / b[i] }
        }
    }

    /// out = a ∘ b over `count` elements, in parallel.
    func apply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        parallelFor(count, minPerTask: 1 << 16) { r in run(a, b, out, r) }
    }
}

/// y[i] = max(x[i], 0) over `count` elements, in parallel.
func reluForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    parallelFor(count, minPerTask: 1 << 16) { r in
        for i in r { y[i] = x[i] > 0 ? x[i] : 0 }
    }
}

/// gx[i] = x[i] > 0 ? gradOutput[i] : 0 over `count` elements, in parallel.
func reluBackward(_ gradOutput: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>, count: Int) {
    parallelFor(count, minPerTask: 1 << 16) { r in
        // Both loads unconditional: a select, not a branch (which mispredicts on random signs).
        for i in r { let gv = gradOutput[i], xv = x[i]; gx[i] = xv > 0 ? gv : 0 }
    }
}

/// p[i] += q[i] over `count` elements, in parallel (gradient accumulation).
func accumulate(_ p: UnsafeMutablePointer<Float>, _ q: UnsafePointer<Float>, count: Int) {
    parallelFor(count, minPerTask: 1 << 16) { r in
        for i in r { p[i] += q[i] }
    }
}
