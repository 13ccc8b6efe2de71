import XCTest
@testable import Engine

/// Forward values and autograd bookkeeping of the tensor core (gradients themselves
/// are checked by finite differences in the gradient tests).
final class TensorCoreTests: XCTestCase {
    func testCreationAndShape() {
        let t = Tensor([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.count, 6)
        XCTAssertEqual(t.view(-1, 2).shape, [3, 2])
        XCTAssertEqual(t.reshape(3, -1).shape, [3, 2])
        XCTAssertEqual(t.unsqueeze(0).shape, [1, 2, 3])
        XCTAssertEqual(t.unsqueeze(-1).shape, [2, 3, 1])
        XCTAssertEqual(zeros(1, 3, 1).squeeze().shape, [3])
        XCTAssertEqual(arange(5).scalars, [0, 1, 2, 3, 4])
        XCTAssertEqual(arange(1, 2, 0.25).scalars, [1, 1.25, 1.5, 1.75])
    }

    func testViewsShareStorage() {
        let t = zeros(4, 3)
        let row = t[1]
        row += 5
        XCTAssertEqual(t.scalars, [0, 0, 0, 5, 5, 5, 0, 0, 0, 0, 0, 0])
        let rows = t[2..<4]
        rows.fill_(1)
        XCTAssertEqual(t.sum().item(), 21)
    }

    func testBroadcastingArithmetic() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        let b = Tensor([10, 20, 30])
        XCTAssertEqual((a + b).scalars, [11, 22, 33, 14, 25, 36])
        let c = Tensor([[100], [200]])
        XCTAssertEqual((a * c).scalars, [100, 200, 300, 800, 1000, 1200])
        XCTAssertEqual((1 - a).scalars, [0, -1, -2, -3, -4, -5])
        XCTAssertEqual((a / 2).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual(broadcastShape([2, 1, 6, 6], [2, 16, 6, 6]), [2, 16, 6, 6])
        XCTAssertEqual(broadcastShape([3, 1], [1, 4]), [3, 4])
    }

    func testReductions() {
        let a = Tensor([[1, 5, 3], [4, 2, 6]])
        XCTAssertEqual(a.sum().item(), 21)
        XCTAssertEqual(a.sum(dim: 0).scalars, [5, 7, 9])
        XCTAssertEqual(a.sum(dim: 1, keepdim: true).shape, [2, 1])
        XCTAssertEqual(a.mean(dim: 1).scalars, [3, 4])
        XCTAssertEqual(a.max().item(), 6)
        XCTAssertEqual(a.max(dim: 1).indices.scalars, [1, 2])
        XCTAssertEqual(a.argmax(dim: 0).scalars, [1, 0, 1])
        XCTAssertEqual(a.min(dim: 1).values.scalars, [1, 2])
        XCTAssertEqual(Tensor([1, 2, 3, 4]).variance().item(), 5.0 / 3.0, accuracy: 1e-6)
    }

    func testMatmulAgainstNaiveProduct() {
        manualSeed(1)
        let a = randn(5, 7), b = randn(7, 3)
        let c = a.matmul(b)
        for i in 0..<5 {
            for j in 0..<3 {
                var s: Float = 0
                for k in 0..<7 { s += a.data[i * 7 + k] * b.data[k * 3 + j] }
                XCTAssertEqual(c.data[i * 3 + j], s, accuracy: 1e-4)
            }
        }
        XCTAssertEqual(randn(4, 5, 7).matmul(b).shape, [4, 5, 3])
        XCTAssertEqual(randn(4, 5, 7).matmul(randn(4, 7, 2)).shape, [4, 5, 2])
        XCTAssertEqual(randn(7).matmul(b).shape, [3])
        XCTAssertEqual(a.matmul(randn(7)).shape, [5])
        XCTAssertEqual((a • b).scalars, c.scalars)
    }

    func testPermuteAndCat() {
        let a = arange(6).reshape(2, 3)
        XCTAssertEqual(a.t().scalars, [0, 3, 1, 4, 2, 5])
        let x = arange(24).reshape(2, 3, 4)
        let p = x.permute(2, 0, 1)
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(p[1, 1].scalars, [13, 17, 21])
        let c = cat([a, a * 10], dim: 1)
        XCTAssertEqual(c.scalars, [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50])
        XCTAssertEqual(stack([a, a]).shape, [2, 2, 3])
        XCTAssertEqual(a.indexSelect(1, [2, 0]).scalars, [2, 0, 5, 3])
    }

    func testWhereAndMasks() {
        let targets = Tensor([1, 0, 1])
        let p = Tensor([0.9, 0.2, 0.4])
        let loss = Tensor.where(targets == 1, 1 - p, p)
        XCTAssertEqual(loss.scalars[0], 0.1, accuracy: 1e-6)
        XCTAssertEqual(loss.scalars[1], 0.2, accuracy: 1e-6)
        XCTAssertEqual(loss.scalars[2], 0.6, accuracy: 1e-6)
        XCTAssertEqual((p > 0.5).scalars, [1, 0, 0])
    }

    func testGradientsAccumulateUntilZeroed() {
        let w = Tensor([1, 2, 3]).requiresGrad_()
        (w * w).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [2, 4, 6])
        (w * 3).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [5, 7, 9])
        w.zeroGrad()
        XCTAssertNil(w.grad)
    }

    func testSharedGradientIsNotAliased() {
        // add's backward hands one gradient tensor to both inputs: the leaves must not share it.
        let a = Tensor([1, 2]).requiresGrad_(), b = Tensor([3, 4]).requiresGrad_()
        (a + b).sum().backward()
        a.grad! += 100
        XCTAssertEqual(b.grad?.scalars, [1, 1])
    }

    func testALeafKeepsAGradientNothingElseHoldsWithoutACopy() {
        // conv2d's input gradient is made for x alone: x.grad is that tensor (PyTorch's
        // AccumulateGrad steals it too), and a second backward adds into it.
        let x = randn(1, 2, 5, 5).requiresGrad_(), w = randn(3, 2, 3, 3)
        let g = randn(1, 3, 5, 5)
        conv2d(x, w, padding: 1).backward(gradient: g)
        let first = x.grad!
        XCTAssertTrue(first.hasUniqueStorage)
        let once = first.scalars
        conv2d(x, w, padding: 1).backward(gradient: g)
        XCTAssertTrue(x.grad === first)
        XCTAssertEqual(x.grad!.scalars, once.map { $0 * 2 })
    }

    func testTheCallersGradientAndItsViewsAreNotKept() {
        // Passed on as it is (identity ops) or as a view (reshape): the leaf gets a copy, so
        // changing the caller's tensor afterwards leaves the leaf's gradient alone.
        let a = Tensor([1, 2, 3, 4]).requiresGrad_()
        let seed = Tensor([1, 1, 1, 1])
        a.reshape(2, 2).backward(gradient: seed.reshape(2, 2))
        seed += 5
        XCTAssertEqual(a.grad?.scalars, [1, 1, 1, 1])
        let b = Tensor([1, 2]).requiresGrad_(), g = Tensor([2, 3])
        b.clone().backward(gradient: g)
        g += 1
        XCTAssertEqual(b.grad?.scalars, [2, 3])
    }

    func testNoGradAndDetach() {
        let w = Tensor([1, 2]).requiresGrad_()
        let y = noGrad { w * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertFalse(w.detach().requiresGrad)
        XCTAssertTrue((w * 2).requiresGrad)
        XCTAssertFalse((w * 2).isLeaf)
    }

    func testInPlaceUpdateLikeBasicOptim() {
        let p = Tensor([1, 1]).requiresGrad_()
        (p * Tensor([2, 4])).sum().backward()
        p -= p.grad! * 0.5
        XCTAssertEqual(p.scalars, [0, -1])
        XCTAssertTrue(p.requiresGrad)
        XCTAssertTrue(p.isLeaf)
    }

    /// `add_` (PyTorch's name, like `fill_`): in place, broadcast, returns self.
    func testAddUnderscoreAddsInPlace() {
        let a = Tensor([[1, 2], [3, 4]])
        XCTAssertTrue(a.add_(Tensor([10, 20])) === a)
        XCTAssertEqual(a.scalars, [11, 22, 13, 24])
        a.add_(a)
        XCTAssertEqual(a.scalars, [22, 44, 26, 48])
    }

    func testSeededRandomIsReproducible() {
        manualSeed(1234)
        let a = randn(10).scalars
        manualSeed(1234)
        XCTAssertEqual(randn(10).scalars, a)
        let big = randn(20000)
        XCTAssertEqual(big.mean().item(), 0, accuracy: 0.03)
        XCTAssertEqual(big.std().item(), 1, accuracy: 0.03)
        manualSeed(7)
        let p1 = randperm(10)
        manualSeed(7)
        XCTAssertEqual(randperm(10), p1)
        XCTAssertEqual(p1.sorted(), Array(0..<10))
    }

    func testPrintingLikePyTorch() {
        XCTAssertEqual(Tensor([1, 2, 3]).description, "tensor([1., 2., 3.])")
        XCTAssertEqual(Tensor([[0.5, -1], [2, 3.25]]).description,
                       "tensor([[ 0.5000, -1.0000],\n        [ 2.0000,  3.2500]])")
        XCTAssertEqual(Tensor([1.5, 2]).requiresGrad_().description, "tensor([1.5000, 2.0000], requires_grad=True)")
        XCTAssertEqual(Tensor(3).description, "tensor(3.)")
        let big = arange(2000).description
        XCTAssertTrue(big.contains("...") && big.contains("size=[2000]"), big)
    }
}
