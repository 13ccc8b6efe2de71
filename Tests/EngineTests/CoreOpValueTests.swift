import XCTest
@testable import Engine

/// Forward values of core ops on small cases (expected values as PyTorch computes them).
final class CoreOpValueTests: XCTestCase {
    func testBroadcastingValues() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        assertValues(a + Tensor([10, 20, 30]), [11, 22, 33, 14, 25, 36], shape: [2, 3])
        assertValues(Tensor([[1], [2]]) * Tensor([1, 2, 3]), [1, 2, 3, 2, 4, 6], shape: [2, 3])
        assertValues(Tensor([10, 20, 30]) - a, [9, 18, 27, 6, 15, 24], shape: [2, 3])
        assertValues(a / Tensor([[1], [2]]), [1, 2, 3, 2, 2.5, 3], shape: [2, 3])
    }

    /// A right operand that repeats along the leading dimensions (a bias) takes the vectorised
    /// kernels a block at a time; it must agree with the general broadcasting loop, for every
    /// operation, leading 1s, and empty tensors.
    func testTrailingBlockBroadcastMatchesTheGeneralLoop() {
        let cases: [([Int], [Int])] = [([256, 30], [30]), ([2, 4, 3], [4, 3]), ([2, 4, 3], [1, 4, 3]), ([2, 4, 3], [1, 3]),
                                       ([3, 5, 1], [5, 1]), ([0, 3], [3]), ([1, 7], [7]), ([2, 3, 4], [1, 1, 4])]
        for (s, (shapeA, shapeB)) in cases.enumerated() {
            XCTAssertTrue(isTrailingBlock(shapeB, of: shapeA), "\(shapeB) repeats as blocks over \(shapeA)")
            let a = randomInput(shapeA, seed: UInt64(s) + 1, requiresGrad: false)
            let b = randomInput(shapeB, seed: UInt64(s) + 2, requiresGrad: false) + 3  // no division by ~0
            let ops: [(BinaryKernel, (Float, Float) -> Float)] = [(.add, +), (.sub, -), (.mul, *), (.div, /)]
            for (kernel, f) in ops {
                let fast = binaryMap(a, b, kernel: kernel, f), general = binaryMap(a, b, f)
                XCTAssertEqual(fast.shape, shapeA)
                XCTAssertEqual(fast.scalars, general.scalars, "\(kernel) \(shapeA) ∘ \(shapeB)")
            }
        }
        XCTAssertFalse(isTrailingBlock([3, 1, 1], of: [2, 3, 4, 4]), "a per-channel operand is not a trailing block")
        XCTAssertFalse(isTrailingBlock([1, 1], of: [2, 3]), "a scalar in disguise is not a block")
        XCTAssertFalse(isTrailingBlock([4], of: [4, 3]))
    }

    func testMatmulValues() {
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5, 6], [7, 8]])
        assertValues(a.matmul(b), [19, 22, 43, 50], shape: [2, 2])
        assertValues(a.matmul(Tensor([1, 1])), [3, 7], shape: [2])
        assertValues(Tensor([1, 1]).matmul(a), [4, 6], shape: [2])
        assertValues(Tensor([1, 2, 3]).matmul(Tensor([4, 5, 6])), [32], shape: [])
        XCTAssertEqual(zeros(2, 1, 3, 4).matmul(zeros(5, 4, 2)).shape, [2, 5, 3, 2])
    }

    func testReductionAndViewValues() {
        let a = Tensor([[1, 5, 3], [4, 2, 6]])
        assertValues(a.sum(dim: 0), [5, 7, 9], shape: [3])
        assertValues(a.mean(dim: 1, keepdim: true), [3, 4], shape: [2, 1])
        let (values, indices) = a.max(dim: 1)
        assertValues(values, [5, 6]); assertValues(indices, [1, 2])
        assertValues(a.min(dim: 0).values, [1, 2, 3])
        XCTAssertEqual(a.variance().item(), 3.5, accuracy: 1e-6)
        assertValues(a.permute(1, 0), [1, 4, 5, 2, 3, 6], shape: [3, 2])
        assertValues(a.narrow(1, 1, 2), [5, 3, 2, 6], shape: [2, 2])
        assertValues(cat([a, a], dim: 1), [1, 5, 3, 1, 5, 3, 4, 2, 6, 4, 2, 6], shape: [2, 6])
        assertValues(stack([Tensor([1, 2]), Tensor([3, 4])], dim: 1), [1, 3, 2, 4], shape: [2, 2])
        assertValues(Tensor([1, 2]).reshape(2, 1).expand(2, 3), [1, 1, 1, 2, 2, 2], shape: [2, 3])
    }

    /// An op whose backward closure refers to its own output must not keep the graph
    /// alive when backward is never called (e.g. a forward pass without noGrad).
    func testUnusedGraphsAreFreed() {
        let ops: [(String, (Tensor) -> Tensor)] = [
            ("exp", { $0.exp() }), ("sqrt", { $0.sqrt() }), ("sigmoid", { $0.sigmoid() }), ("tanh", { $0.tanh() }),
            ("softmax", { softmax($0, dim: 0) }), ("logSoftmax", { logSoftmax($0, dim: 0) }),
            ("dropout", { dropout($0, p: 0.5, training: true) }),
            ("maxPool2d", { maxPool2d($0.reshape(1, 1, 2, 2), kernelSize: 2) }),
        ]
        let x = positiveInput([4], seed: 1)
        for (name, op) in ops {
            weak var weakOut: Tensor?
            do {
                let y = op(x)
                weakOut = y
                XCTAssertNotNil(weakOut)
            }
            XCTAssertNil(weakOut, "\(name): the output is kept alive by its own backward closure")
        }
    }
}

final class RequireTests: XCTestCase {
    /// `precondition` in the -Ounchecked engine would not even evaluate its condition.
    func testRequireEvaluatesItsConditionInTheOptimisedEngine() {
        var evaluated = false
        require({ evaluated = true; return true }(), "unused")
        XCTAssertTrue(evaluated)
    }
}
