import CKernels

/// The engine's own GEMM for skinny products on AVX-512 and AVX2 CPUs (CKernels/small_gemm.c).
///
/// Why: OpenBLAS 0.3.21 is slow on products with few output columns, such as the 3s-vs-7s
/// MLP's 256x784 · 784x30 and its transposes (issue 16's profile on a Xeon: 76% of the
/// training step in sgemm_kernel_SKYLAKEX plus 10% in its copy routines, at a small part of
/// the peak); bench/results/README.md has the per-shape measurements.
///
/// The rule: on the AVX-512 and AVX2 paths, a product whose C has 16 to 64 columns (one or
/// two of the AVX-512 kernel's 32-column panels, at least half full; one to four of the
/// AVX2 kernel's 16-column ones) and at least 8 rows runs here; everything else, and every
/// product on the generic path, goes to OpenBLAS. Measured with bench/skinny_gemm.c, 1
/// thread: against OpenBLAS's SkylakeX kernels (Intel Xeon, AVX-512), 1.56-1.78x on the
/// MLP's n = 30 products, 1.13x at n = 64, 1.01x at 96, 0.98x at 128, 0.91x at 512^3; and
/// 0.15-0.68x at n = 1, where 31 of 32 lanes are padding. The AVX2 kernel against OpenBLAS's
/// Zen (Haswell) kernels on an AMD EPYC (Zen 3): 1.41-1.54x on the n = 30 products, 1.50x at
/// n = 16, 1.10x at 48, 1.18x at 64, 1.00x at 96, 0.93x at 128, 0.70x at 512^3, 0.53-0.68x
/// at n = 1. On
/// the AVX2 path the kernel also keeps denormals out (DAZ/FTZ, see small_gemm.c): OpenBLAS's
/// AVX2 kernels took a microcode assist per denormal operand on an Intel Xeon, which held the
/// MLP's training to 0.17-0.22x PyTorch there. Both operand orders work in place (strides),
/// so no transpose is copied; B is packed once per call.
enum SkinnyGEMM {
    /// Narrowest and widest C that take the kernel.
    static let minColumns = 16, maxColumns = 64

    /// Whether C = op(A)·op(B) of this shape runs on the skinny kernel.
    @inline(__always)
    static func applies(m: Int, n: Int, k: Int) -> Bool {
        n >= minColumns && n <= maxColumns && m >= 8 && k >= 1 && KernelISA.active != .generic
    }

    /// C (+)= op(A)·op(B), split by rows over the threads BLAS may use now when the product
    /// is large enough to pay for the hand-off (about 1M multiply-adds per thread).
    static func run(_ a: UnsafePointer<Float>, transA: Bool, _ b: UnsafePointer<Float>, transB: Bool,
                    _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool) {
        // Row-major op(A) is m x k: A(i, p) at i*rsA + p*csA; op(B) is k x n likewise.
        let (rsA, csA) = transA ? (1, m) : (k, 1)
        let (rsB, csB) = transB ? (1, k) : (n, 1)
        // The kernel of the active path, and the rows of its register tile.
        let (kernel, tileRows) = KernelISA.active == .avx512 ? (ck_sgemm_skinny_avx512, 12) : (ck_sgemm_skinny_avx2, 6)
        let threads = min(Threads.blasCount, max(1, m * n * k / (1 << 20)), m / tileRows)
        if threads <= 1 {
            kernel(Int32(m), Int32(n), Int32(k), a, rsA, csA, b, rsB, csB, c, n, accumulate ? 1 : 0)
            return
        }
        // Row blocks in multiples of the kernel's tile.
        let tiles = (m + tileRows - 1) / tileRows
        WorkerPool.shared.run(threads) { t in
            let lo = min(m, tiles * t / threads * tileRows), hi = min(m, tiles * (t + 1) / threads * tileRows)
            if lo < hi {
                kernel(Int32(hi - lo), Int32(n), Int32(k), a + lo * rsA, rsA, csA, b, rsB, csB, c + lo * n, n, accumulate ? 1 : 0)
            }
        }
    }
}
