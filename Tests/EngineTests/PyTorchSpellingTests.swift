import XCTest
@testable import Engine

/// The PyTorch spellings a teacher guesses (issue 14): `*Like` constructors, `requiresGrad:`,
/// `**`, conversions, `norm`, `std`/`var`, the `F` namespace and `loader.first()`, checked
/// for PyTorch's values.
///
/// Reference values: torch is not installed here, so they were computed in float64 with
/// numpy 2.4, whose `var(ddof=c)`, `std(ddof=c)`, `linalg.norm` and `**` define the same
/// quantities as `torch.var(correction=c)`, `torch.std`, `torch.linalg.vector_norm` and
/// `torch.pow` (the scripts are in the comments beside each value).
final class PyTorchSpellingTests: XCTestCase {
    /// a = [[1, 2, 3, 4], [2, 4, 8, 16], [-1, 0.5, 3, -2]]
    let a = Tensor([[1, 2, 3, 4], [2, 4, 8, 16], [-1, 0.5, 3, -2]])

    func testLikeConstructorsCopyTheShapeOnly() {
        let x = randn(2, 3, requiresGrad: true)
        for (name, t) in [("zerosLike", zerosLike(x)), ("onesLike", onesLike(x)), ("fullLike", fullLike(x, 7)),
                          ("randnLike", randnLike(x)), ("randLike", randLike(x)), ("randintLike", randintLike(x, 0, 5))] {
            XCTAssertEqual(t.shape, [2, 3], name)
            XCTAssertFalse(t.requiresGrad, "\(name) does not inherit requiresGrad, as in PyTorch")
            XCTAssertFalse(t.storage === x.storage, "\(name) has its own storage")
        }
        XCTAssertEqual(fullLike(x, 7).scalars, Array(repeating: 7, count: 6))
        XCTAssertTrue(randLike(x).scalars.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertTrue(randintLike(x, 0, 5).scalars.allSatisfy { $0 >= 0 && $0 < 5 && $0 == $0.rounded() })
        XCTAssertTrue(randnLike(x, requiresGrad: true).requiresGrad)
        // The same generator as randn: a seeded randnLike draws what randn(shape) would.
        manualSeed(3); let viaLike = randnLike(x)
        manualSeed(3); XCTAssertEqual(viaLike.scalars, randn(2, 3).scalars)
    }

    func testRequiresGradOnConstructors() {
        XCTAssertTrue(randn(3, requiresGrad: true).requiresGrad)
        XCTAssertTrue(rand([2, 2], requiresGrad: true).requiresGrad)
        XCTAssertTrue(zeros(3, requiresGrad: true).requiresGrad)
        XCTAssertTrue(ones([1, 2], requiresGrad: true).requiresGrad)
        XCTAssertTrue(full([2], 0.5, requiresGrad: true).requiresGrad)
        XCTAssertTrue(Tensor([1, 2, 3] as [Float], requiresGrad: true).requiresGrad)
        XCTAssertTrue(Tensor([[1, 2], [3, 4]], requiresGrad: true).requiresGrad)
        XCTAssertTrue(Tensor(2, requiresGrad: true).requiresGrad)
        XCTAssertFalse(randn(3).requiresGrad, "off by default")
        let w = randn(3, requiresGrad: true)
        (w * w).sum().backward()
        XCTAssertEqual(w.grad!.scalars, (w * 2).scalars, "a leaf: backward reaches it")
    }

    func testPowerOperatorPrecedenceAndBroadcasting() {
        let x = Tensor([1, 2, 3] as [Float])
        XCTAssertEqual((x ** 2).scalars, [1, 4, 9])
        XCTAssertEqual((2 * x ** 2).scalars, [2, 8, 18], "** binds tighter than *")
        XCTAssertEqual((x ** 2 + 1).scalars, [2, 5, 10])
        XCTAssertEqual((2 ** Tensor([1, 2, 3] as [Float]) ** 2).scalars, [2, 16, 512], "right-associative: 2 ** (x ** 2)")
        // numpy: np.array([[1.5],[2.0],[0.5]]) ** np.array([2.0, 0.5, -1.0, 3.0])
        let base = Tensor([[1.5], [2.0], [0.5]]), exponent = Tensor([2.0, 0.5, -1.0, 3.0] as [Float])
        assertValues(base ** exponent, [2.25, 1.2247449, 0.6666667, 3.375,
                                        4.0, 1.4142135, 0.5, 8.0,
                                        0.25, 0.70710677, 2.0, 0.125], shape: [3, 4], accuracy: 1e-6)
        // numpy: 2.0 ** np.array([-1, 0, 0.5, 3])
        assertValues(2 ** Tensor([-1, 0, 0.5, 3] as [Float]), [0.5, 1, 1.4142135, 8], accuracy: 1e-6)
        XCTAssertEqual(pow(x, 3).scalars, [1, 8, 27], "torch.pow(x, 3)")
    }

    func testPowerGradientAtZeroBaseIsMaskedAsPyTorchDoes() {
        // torch: a = tensor([0., 2.], requires_grad); b = tensor([2., 3.], requires_grad);
        // (a ** b).sum().backward() → a.grad = [0, 12], b.grad = [0, 8·ln 2]
        let base = Tensor([0, 2] as [Float], requiresGrad: true), exponent = Tensor([2, 3] as [Float], requiresGrad: true)
        (base ** exponent).sum().backward()
        assertValues(base.grad!, [0, 12])
        assertValues(exponent.grad!, [0, 8 * Float(log(2.0))], accuracy: 1e-5)
    }

    func testConversionsToSwiftValues() {
        XCTAssertEqual(a.tolist(), a.scalars, "tolist() is an alias of scalars")
        XCTAssertEqual(a.rows, [[1, 2, 3, 4], [2, 4, 8, 16], [-1, 0.5, 3, -2]])
        XCTAssertEqual(Float(a.sum()), 40.5, "float(x)")
        XCTAssertEqual(Double(a.max()), 16)
        XCTAssertTrue(a.float() === a, "every tensor is float32 already")
    }

    func testVarianceAndStdFollowPyTorch() {
        // numpy: a.var(ddof=1), a.var(ddof=0), a.std(ddof=1), a.std(ddof=0), a.std(ddof=2)
        assertValues(a.variance(), [22.505682], shape: [], accuracy: 1e-4)
        assertValues(a.var(), [22.505682], accuracy: 1e-4)
        assertValues(a.variance(unbiased: false), [20.630208], accuracy: 1e-4)
        assertValues(a.var(correction: 0), [20.630208], accuracy: 1e-4)
        assertValues(a.std(), [4.7440154], accuracy: 1e-5)
        assertValues(a.std(unbiased: false), [4.542049], accuracy: 1e-5)
        assertValues(a.std(correction: 2), [4.9755653], accuracy: 1e-5)
        // numpy: a.var(axis=1, ddof=1), a.std(axis=0, ddof=0), a.std(axis=1, ddof=2)
        assertValues(a.var(dim: 1), [1.6666666, 38.333332, 4.7291665], shape: [3], accuracy: 1e-4)
        assertValues(a.std(dim: 0, unbiased: false), [1.2472191, 1.4337209, 2.3570226, 7.483315], shape: [4], accuracy: 1e-5)
        assertValues(a.std(dim: -1, correction: 2, keepdim: true), [1.5811388, 7.5828754, 2.6634095], shape: [3, 1], accuracy: 1e-5)
        XCTAssertEqual(a.std(keepdim: true).shape, [1, 1], "dim nil with keepdim keeps every dimension as 1")
        XCTAssertEqual(a.variance(dims: [0, 1], correction: 1).item(), a.variance().item(), accuracy: 1e-4)
        // PyTorch: the std of one element with correction 1 is nan (0 / 0), not an error.
        XCTAssertTrue(Tensor([5] as [Float]).std().item().isNaN)
        XCTAssertEqual(Tensor([5] as [Float]).std(unbiased: false).item(), 0)
    }

    func testNormFollowsPyTorch() {
        // numpy: np.linalg.norm(a.ravel()), np.abs(a).sum(), (np.abs(a)**3).sum()**(1/3), np.abs(a).max()
        assertValues(a.norm(), [19.602295], shape: [], accuracy: 1e-4)
        assertValues(a.norm(p: 1), [46.5], accuracy: 1e-4)
        assertValues(a.norm(p: 3), [16.887522], accuracy: 1e-4)
        assertValues(a.norm(p: .infinity), [16], accuracy: 0)
        // numpy: np.sqrt((a*a).sum(1)), np.abs(a).sum(0), np.abs(a).max(1)
        assertValues(a.norm(dim: 1), [5.4772258, 18.439089, 3.7749171], shape: [3], accuracy: 1e-5)
        assertValues(a.norm(p: 1, dim: 0, keepdim: true), [4, 6.5, 14, 22], shape: [1, 4], accuracy: 1e-5)
        assertValues(norm(a, p: .infinity, dim: 1), [4, 16, 3], shape: [3], accuracy: 0)
        // The norm of zeros has gradient 0 (PyTorch's choice of subgradient), not NaN.
        let z = zeros(3, requiresGrad: true)
        z.norm().backward()
        XCTAssertEqual(z.grad!.scalars, [0, 0, 0])
        // p = ∞: elements tying for the maximum share the gradient (torch.linalg.vector_norm).
        let t = Tensor([3, -3, 1] as [Float], requiresGrad: true)
        t.norm(p: .infinity).backward()
        XCTAssertEqual(t.grad!.scalars, [0.5, -0.5, 0])
    }

    func testFunctionalNamespaceMatchesTheFreeFunctions() {
        let x = Tensor([[-1, 2, 0.5], [3, -4, 1]]), y = Tensor([[0, 1, 0], [1, 0, 1]])
        XCTAssertEqual(F.relu(x).scalars, x.relu().scalars)
        XCTAssertEqual(F.mseLoss(x, y).item(), mseLoss(x, y).item())
        XCTAssertEqual(F.softmax(x, dim: 1).scalars, softmax(x, dim: 1).scalars)
        XCTAssertEqual(F.crossEntropy(x, Tensor([1, 0] as [Float])).item(), crossEntropy(x, Tensor([1, 0] as [Float])).item())
        XCTAssertEqual(F.linear(x, eye(3)).scalars, x.scalars)
        XCTAssertEqual(F.dropout(x, p: 0.5, training: false).scalars, x.scalars)
        XCTAssertEqual(exp(x).scalars, x.exp().scalars, "torch.exp(x)")
        XCTAssertEqual(abs(x).scalars, x.abs().scalars, "torch.abs(x)")
    }

    func testLoaderFirstIsTheFirstBatchOfAnEpoch() {
        let data = TensorDataset(arange(10).view(10, 1), arange(10))
        let (xb, yb) = DataLoader(data, batchSize: 4).first()
        XCTAssertEqual(xb.shape, [4, 1])
        XCTAssertEqual(yb.scalars, [0, 1, 2, 3])
    }
}
