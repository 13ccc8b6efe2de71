import XCTest
@testable import Engine

// A finite-difference gradient checker.
//
// For an op f and inputs x₁…xₖ, the scalar L = Σ f(x) · w with a fixed random w (so every
// output element matters, with a different weight) is differentiated twice:
//   - by autograd: f(x).backward(gradient: w) leaves dL/dxᵢ in xᵢ.grad;
//   - numerically, per element: (L(x + ε) − L(x − ε)) / 2ε, L summed in Double.
// They must agree to ‖a − n‖ / max(‖a‖, ‖n‖) < 1e-2.
//
// Why ε = 1e-2: f itself runs in Float32, so each evaluation of L carries a rounding error
// of about 1e-7 · Σ|f·w|; divided by 2ε that becomes ~1e-5 relative for ε = 1e-2 but
// ~1e-4 for 1e-3. The truncation error of the central difference is O(ε²·f‴) ≈ 1e-4 for
// smooth ops on inputs of order 1. 1e-2 keeps both well under the 1e-2 tolerance.
//
// Ops with kinks (relu, abs, clamp, max, pools) are only differentiable away from them, so
// their inputs come from `separatedInputs`: values at least 0.05 (> 2ε) apart and away
// from 0, so that no perturbation crosses a kink or changes which element is the maximum.

/// Checks every input of `inputs` that requires a gradient; `f` must be deterministic
/// (reseed inside it when it draws random numbers).
func gradCheck(_ inputs: [Tensor], eps: Float = 1e-2, tolerance: Double = 1e-2, seed: UInt64 = 99,
               _ label: String = "", file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Tensor]) -> Tensor) {
    let results = gradientErrors(inputs, eps: eps, seed: seed, f)
    XCTAssertFalse(results.isEmpty, "\(label): the output is not connected to the inputs", file: file, line: line)
    for r in results {
        XCTAssertLessThan(r.error, tolerance, "\(label): input \(r.input) of shape \(inputs[r.input].shape): "
                          + "relative error \(r.error)\nautograd \(r.analytic.prefix(8))\nnumeric  \(r.numeric.prefix(8))",
                          file: file, line: line)
        // Both zero would make the check vacuous: a real gradient must be there.
        XCTAssertGreaterThan(r.numeric.map(abs).max() ?? 0, 0, "\(label): input \(r.input) has an all-zero gradient",
                             file: file, line: line)
    }
}

/// For each input requiring a gradient: autograd's and the numerical gradient of
/// L = Σ f(inputs)·w, and their relative error (infinite when autograd gave none or a
/// wrongly shaped one). Empty when the output does not depend on any input.
func gradientErrors(_ inputs: [Tensor], eps: Float = 1e-2, seed: UInt64 = 99, _ f: ([Tensor]) -> Tensor)
    -> [(input: Int, error: Double, analytic: [Float], numeric: [Float])] {
    for x in inputs { x.zeroGrad() }
    let out = f(inputs)
    guard out.requiresGrad else { return [] }
    let w = weightsLike(out, seed: seed)
    out.backward(gradient: w)

    func loss() -> Double {
        noGrad {
            let y = f(inputs)
            var total = 0.0
            for i in 0..<y.count { total += Double(y.data[i]) * Double(w.data[i]) }
            return total
        }
    }
    var results: [(input: Int, error: Double, analytic: [Float], numeric: [Float])] = []
    for (index, x) in inputs.enumerated() where x.requiresGrad {
        var numeric = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let saved = x.data[i]
            x.data[i] = saved + eps
            let plus = loss()
            x.data[i] = saved - eps
            let minus = loss()
            x.data[i] = saved
            numeric[i] = Float((plus - minus) / (2 * Double(eps)))
        }
        guard let analytic = x.grad, analytic.shape == x.shape else {
            results.append((index, .infinity, x.grad?.scalars ?? [], numeric))
            continue
        }
        results.append((index, relativeError(analytic.scalars, numeric), analytic.scalars, numeric))
    }
    return results
}

/// Single-input convenience.
func gradCheck(_ x: Tensor, eps: Float = 1e-2, tolerance: Double = 1e-2, _ label: String = "",
               file: StaticString = #filePath, line: UInt = #line, _ f: (Tensor) -> Tensor) {
    gradCheck([x], eps: eps, tolerance: tolerance, label, file: file, line: line) { f($0[0]) }
}

/// Weights in [−1, 1) shaped like `t`, from their own generator (the global one is left alone).
private func weightsLike(_ t: Tensor, seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let w = Tensor(uninitializedShape: t.shape)
    for i in 0..<w.count { w.data[i] = 2 * rng.nextUniform() - 1 }
    return w
}

/// Normal random values (requiring a gradient), from a private generator.
func randomInput(_ shape: [Int], seed: UInt64, scale: Float = 1, requiresGrad: Bool = true) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let t = Tensor(uninitializedShape: shape)
    for i in 0..<t.count { t.data[i] = rng.nextNormal() * scale }
    return t.requiresGrad_(requiresGrad)
}

/// Values at least `gap` apart from one another and from 0, in random order, centred on 0
/// (for ops with kinks: relu, abs, max, pools).
func separatedInputs(_ shape: [Int], seed: UInt64, gap: Float = 0.05, requiresGrad: Bool = true) -> Tensor {
    let count = shape.reduce(1, *)
    var rng = RandomGenerator(seed: seed)
    var values = (0..<count).map { i in (Float(i) - Float(count) / 2 + 0.5) * gap }
    values.shuffle(using: &rng)
    return Tensor(values, shape: shape).requiresGrad_(requiresGrad)
}

/// Positive values in [low, high) (for log, sqrt, pow, division).
func positiveInput(_ shape: [Int], seed: UInt64, low: Float = 0.5, high: Float = 2, requiresGrad: Bool = true) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let t = Tensor(uninitializedShape: shape)
    for i in 0..<t.count { t.data[i] = low + (high - low) * rng.nextUniform() }
    return t.requiresGrad_(requiresGrad)
}
