import XCTest
@testable import Engine

/// Products with a single row or column of C, which `sgemm` hands to OpenBLAS's sgemv, in
/// every operand order, with accumulation and over a C full of NaN without, against a
/// double-precision triple loop; and their gradients through matmul.
final class MatrixVectorProductTests: XCTestCase {
    /// C (+)= op(A)·op(B), row-major, in Double.
    private func reference(_ a: [Float], transA: Bool, _ b: [Float], transB: Bool, _ c: [Float],
                           m: Int, n: Int, k: Int, accumulate: Bool) -> [Float] {
        (0..<m * n).map { ij in
            let i = ij / n, j = ij % n
            var sum = accumulate ? Double(c[ij]) : 0
            for p in 0..<k {
                sum += Double(a[transA ? p * m + i : i * k + p]) * Double(b[transB ? j * k + p : p * n + j])
            }
            return Float(sum)
        }
    }

    func testSingleColumnAndSingleRowProductsMatchTheDefinition() {
        let shapes: [(m: Int, n: Int, k: Int)] = [(256, 1, 30), (1, 30, 256), (30, 1, 256), (1, 1, 7), (5, 1, 1), (1, 9, 1), (37, 1, 13)]
        for (s, shape) in shapes.enumerated() {
            for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let a = randomInput([shape.m * shape.k], seed: UInt64(s) + 1).scalars
                    let b = randomInput([shape.k * shape.n], seed: UInt64(s) + 2).scalars
                    let c0 = randomInput([shape.m * shape.n], seed: UInt64(s) + 3).scalars
                    // Without accumulation, C's old contents must not show through, NaN included.
                    var c = accumulate ? c0 : [Float](repeating: .nan, count: c0.count)
                    c.withUnsafeMutableBufferPointer { pc in
                        sgemm(a, transA: transA, b, transB: transB, pc.baseAddress!, m: shape.m, n: shape.n, k: shape.k,
                              accumulate: accumulate)
                    }
                    let expected = reference(a, transA: transA, b, transB: transB, c0, m: shape.m, n: shape.n, k: shape.k,
                                             accumulate: accumulate)
                    XCTAssertLessThan(relativeError(c, expected), 1e-5,
                                      "\(shape) transA \(transA) transB \(transB) accumulate \(accumulate)")
                }
            }
        }
    }

    /// The MLP's second layer, h·w2 with w2 one column: its backward takes hᵀ·g (one
    /// column) and g·w2ᵀ (k = 1).
    func testMatrixTimesColumnGradients() {
        let h = randomInput([12, 5], seed: 1), w = randomInput([5, 1], seed: 2)
        let row = randomInput([1, 5], seed: 3), hT = randomInput([5, 12], seed: 4)
        gradCheck([h, w], "h·w") { $0[0].matmul($0[1]) }
        gradCheck([row, hT], "row·hᵀ") { $0[0].matmul($0[1]) }
    }
}
