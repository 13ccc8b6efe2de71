import CBLAS
import XCTest
@testable import Engine

/// The skinny GEMM's kernels (SkinnyGEMM, CKernels/small_gemm.c: AVX-512 and AVX2) against
/// OpenBLAS, over every operand order, row counts around their 12/8/4/1- and 6/4/2/1-row
/// tiles, partial and whole 32- and 16-column panels, B's rows packed by vector and by element,
/// a panel buffer too large to keep (16x64x5000), accumulation and both thread counts;
/// and the layers that use them, under every kernel path.
final class SkinnyGEMMTests: XCTestCase {
    override func tearDown() { Threads.set(ProcessInfo.processInfo.activeProcessorCount) }

    /// The generic path has no skinny kernel: with nothing else, there is nothing to test.
    private func skipWithoutAKernel() throws {
        if KernelISA.supported == [.generic] { throw XCTSkip("neither AVX-512 nor AVX2 on this CPU: the skinny kernels never run") }
    }

    func testMatchesOpenBLAS() throws {
        try skipWithoutAKernel()
        let shapes: [(m: Int, n: Int, k: Int)] = [(256, 30, 784), (784, 30, 256), (8, 16, 3), (13, 17, 5), (37, 33, 64),
                                                 (100, 64, 9), (16, 64, 5000), (25, 20, 300), (600, 48, 700), (47, 40, 11)]
        forEachKernelISA { isa in
            guard isa != .generic else { return }
            XCTAssertFalse(SkinnyGEMM.applies(m: 256, n: 1, k: 30), "a single column goes to OpenBLAS")
            XCTAssertFalse(SkinnyGEMM.applies(m: 512, n: 512, k: 512), "wide products go to OpenBLAS")
            for threads in [1, 2] {
                Threads.set(threads)
                for (s, shape) in shapes.enumerated() {
                    XCTAssertTrue(SkinnyGEMM.applies(m: shape.m, n: shape.n, k: shape.k), "\(shape) takes the kernel")
                    for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                        for accumulate in [false, true] {
                            let a = randomInput([shape.m * shape.k], seed: UInt64(s) + 1), b = randomInput([shape.k * shape.n], seed: UInt64(s) + 2)
                            let c0 = randomInput([shape.m * shape.n], seed: UInt64(s) + 3)
                            let ours = Tensor(c0.scalars, shape: [shape.m * shape.n]), ref = Tensor(c0.scalars, shape: [shape.m * shape.n])
                            SkinnyGEMM.run(a.data, transA: transA, b.data, transB: transB, ours.data,
                                           m: shape.m, n: shape.n, k: shape.k, accumulate: accumulate)
                            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                                        Int32(shape.m), Int32(shape.n), Int32(shape.k), 1, a.data, Int32(transA ? shape.m : shape.k),
                                        b.data, Int32(transB ? shape.k : shape.n), accumulate ? 1 : 0, ref.data, Int32(shape.n))
                            XCTAssertLessThan(relativeError(ours.scalars, ref.scalars), 1e-5,
                                              "\(isa) \(shape) transA \(transA) transB \(transB) accumulate \(accumulate) threads \(threads)")
                        }
                    }
                }
            }
        }
    }

    /// Denormal operands count as zero inside the kernel (DAZ/FTZ), and the caller's
    /// floating-point mode is restored: a denormal still survives arithmetic afterwards.
    func testDenormalsAreFlushedInsideOnly() throws {
        try skipWithoutAKernel()
        forEachKernelISA { isa in
            guard isa != .generic else { return }
            let tiny = Float.leastNormalMagnitude / 4
            let a = Tensor([Float](repeating: 1, count: 16 * 4), shape: [16, 4]), b = Tensor([Float](repeating: tiny, count: 4 * 20), shape: [4, 20])
            XCTAssertEqual(a.matmul(b).scalars, [Float](repeating: 0, count: 16 * 20))
            let big = Tensor([Float](repeating: 2, count: 4 * 20), shape: [4, 20])
            XCTAssertEqual(a.matmul(big).scalars, [Float](repeating: 8, count: 16 * 20))
            let x = Tensor([tiny]), y = x * 2
            XCTAssertEqual(y.item(), tiny * 2, "\(isa): MXCSR restored, denormals are not flushed outside the kernel")
        }
    }

    /// Linear and matmul gradients by finite differences, on every kernel path.
    func testLinearAndMatmulGradients() {
        forEachKernelISA { isa in
            let x = randomInput([20, 7], seed: 1), w = randomInput([5, 7], seed: 2), b = randomInput([5], seed: 3)
            gradCheck([x, w, b], "linear \(isa)") { linear($0[0], $0[1], $0[2]) }
            let p = randomInput([13, 9], seed: 4), q = randomInput([9, 3], seed: 5)
            gradCheck([p, q], "matmul \(isa)") { $0[0].matmul($0[1]) }
        }
    }
}
