import CBLAS

/// C = op(A) · op(B) (+ C when `accumulate`), on raw row-major matrices, through
/// OpenBLAS's cblas_sgemv when C is one row or one column, the engine's own kernel for
/// skinny products where that is faster (`SkinnyGEMM.applies`), else OpenBLAS's
/// cblas_sgemm. op(A) is m x k, op(B) is k x n, C is m x n.
@inline(__always)
public func sgemm(_ a: UnsafePointer<Float>, transA: Bool, _ b: UnsafePointer<Float>, transB: Bool,
                  _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool = false) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { c.update(repeating: 0, count: m * n) }
        return
    }
    if n == 1 || m == 1 {
        // A matrix times a vector: OpenBLAS's sgemv, which 0.3.21's sgemm does not fall back
        // to. With m == 1, C = a·op(B) is computed as Cᵀ = op(B)ᵀ·aᵀ. C is zeroed and added to
        // rather than overwritten with beta 0: some OpenBLAS releases scale y by 0, which keeps
        // a NaN an uninitialised buffer may hold.
        let (matrix, trans, rows, cols, vector) = n == 1
            ? (a, transA, transA ? k : m, transA ? m : k, b)
            : (b, !transB, transB ? n : k, transB ? k : n, a)
        if !accumulate { c.update(repeating: 0, count: m * n) }
        cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), 1,
                    matrix, Int32(cols), vector, 1, 1, c, 1)
        return
    }
    if SkinnyGEMM.applies(m: m, n: n, k: k) {
        SkinnyGEMM.run(a, transA: transA, b, transB: transB, c, m: m, n: n, k: k, accumulate: accumulate)
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1,
                a, Int32(transA ? m : k), b, Int32(transB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}

extension Tensor {
    /// Matrix product with PyTorch's `@` rules: vector·vector, matrix·vector,
    /// matrix·matrix, and batched (leading dimensions broadcast).
    public func matmul(_ other: Tensor) -> Tensor {
        let a = self, b = other
        require(a.rank >= 1 && b.rank >= 1, "matmul needs tensors of rank ≥ 1, got \(a.shape) and \(b.shape)")
        // Vectors become matrices, and the added dimension is dropped at the end.
        if a.rank == 1 && b.rank == 1 { return a.unsqueeze(0).matmul(b.unsqueeze(1)).reshape([]) }
        if a.rank == 1 { return a.unsqueeze(0).matmul(b).squeeze(-2) }
        if b.rank == 1 { return a.matmul(b.unsqueeze(1)).squeeze(-1) }
        let k = a.shape[a.rank - 1]
        require(b.shape[b.rank - 2] == k,
                "matmul: shapes \(a.shape) and \(b.shape) do not line up (\(k) vs \(b.shape[b.rank - 2]))")
        if b.rank == 2 {
            // Fold a's batch dimensions into its rows: one GEMM.
            let m = a.count / k, n = b.shape[1]
            let out = Tensor(uninitializedShape: Array(a.shape.dropLast()) + [n])
            sgemm(a.data, transA: false, b.data, transB: false, out.data, m: m, n: n, k: k)
            return out.recorded("mm", [a, b]) { gradOutput in
                var ga: Tensor? = nil, gb: Tensor? = nil
                if a.requiresGrad {
                    let t = Tensor(uninitializedShape: a.shape)
                    sgemm(gradOutput.data, transA: false, b.data, transB: true, t.data, m: m, n: k, k: n)
                    ga = t
                }
                if b.requiresGrad {
                    let t = Tensor(uninitializedShape: b.shape)
                    sgemm(a.data, transA: true, gradOutput.data, transB: false, t.data, m: k, n: n, k: m)
                    gb = t
                }
                return [ga, gb]
            }
        }
        return batchedMatmul(a, b)
    }
}

/// Batched matmul: leading dimensions broadcast, one GEMM per batch entry.
private func batchedMatmul(_ a0: Tensor, _ b0: Tensor) -> Tensor {
    let m = a0.shape[a0.rank - 2], k = a0.shape[a0.rank - 1], n = b0.shape[b0.rank - 1]
    let batch = broadcastShape(Array(a0.shape.dropLast(2)), Array(b0.shape.dropLast(2)))
    let a = a0.expand(batch + [m, k]), b = b0.expand(batch + [k, n])
    let count = batch.reduce(1, *)
    let out = Tensor(uninitializedShape: batch + [m, n])
    for i in 0..<count {
        sgemm(a.data + i * m * k, transA: false, b.data + i * k * n, transB: false,
              out.data + i * m * n, m: m, n: n, k: k)
    }
    return out.recorded("bmm", [a, b]) { gradOutput in
        let ga = Tensor(uninitializedShape: a.shape), gb = Tensor(uninitializedShape: b.shape)
        for i in 0..<count {
            sgemm(gradOutput.data + i * m * n, transA: false, b.data + i * k * n, transB: true,
                  ga.data + i * m * k, m: m, n: k, k: n)
            sgemm(a.data + i * m * k, transA: true, gradOutput.data + i * m * n, transB: false,
                  gb.data + i * k * n, m: k, n: n, k: m)
        }
        return [ga, gb]
    }
}

/// `torch.matmul(a, b)`.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor { a.matmul(b) }

infix operator • : MultiplicationPrecedence

extension Tensor {
    /// Matrix product. Swift has no `@` operator; `•` is the one Swift for TensorFlow used,
    /// so `xb • weights` is PyTorch's `xb @ weights` (or write `xb.matmul(weights)`).
    public static func • (a: Tensor, b: Tensor) -> Tensor { a.matmul(b) }
}
