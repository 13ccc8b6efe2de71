import Foundation

// `**`, Python's power operator, on tensors and scalars, with broadcasting and gradients.

/// Binds tighter than `*` and groups from the right, as in Python: `2 * x ** 2` is
/// `2 * (x ** 2)` and `x ** 2 ** 3` is `x ** 8`.
///
/// One difference: Swift's prefix minus binds tighter than any infix operator, so `-x ** 2`
/// is `(-x) ** 2` here where Python reads `-(x ** 2)`. Write the parentheses.
precedencegroup PowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}

/// Elementwise power (`torch.pow`, Python's `**`).
infix operator ** : PowerPrecedence

extension Tensor {
    /// Every element raised to `exponent` (`x ** 2`); the same as `x.pow(exponent)`.
    public static func ** (base: Tensor, exponent: Float) -> Tensor { base.pow(exponent) }

    /// Elementwise `base[i] ** exponent[i]`, broadcasting the shapes (`torch.pow(a, b)`).
    ///
    /// The gradient with respect to the exponent is `out · log(base)`: NaN for a negative
    /// base, and 0 where the base is 0 and the exponent is not negative (as PyTorch masks it).
    public static func ** (base: Tensor, exponent: Tensor) -> Tensor {
        let out = binaryMap(base, exponent) { Foundation.pow($0, $1) }
        let y = out.detach()  // not `out`: its own closure would keep it alive (a cycle)
        let sa = base.shape, sb = exponent.shape
        return out.recorded("pow", [base, exponent]) { gradOutput in
            [base.requiresGrad ? (gradOutput * exponent * base ** (exponent - 1)).sumToShape(sa) : nil,
             exponent.requiresGrad ? (gradOutput * binaryMap(y, base, Self.exponentGradient)).sumToShape(sb) : nil]
        }
    }

    /// A scalar raised to each element (`2 ** x`, `torch.pow(2, x)`).
    public static func ** (base: Float, exponent: Tensor) -> Tensor {
        let out = unaryMap(exponent) { Foundation.pow(base, $0) }
        let y = out.detach()
        let logBase = Foundation.log(base)
        return out.recorded("pow", [exponent]) { gradOutput in
            // PyTorch masks base 0 the same way: 0 ** x has no slope in x (for x ≥ 0).
            [base == 0 ? gradOutput * 0 : gradOutput * y * logBase]
        }
    }

    /// d(a ** b)/db = (a ** b) · log a, with PyTorch's 0 where a = 0 (and a ** b finite).
    private static func exponentGradient(_ out: Float, _ base: Float) -> Float {
        base == 0 && out.isFinite ? 0 : out * Foundation.log(base)
    }
}

/// Elementwise power, as `torch.pow(x, 2)`: the same as `x ** exponent`.
public func pow(_ x: Tensor, _ exponent: Float) -> Tensor { x ** exponent }
/// Elementwise power with a tensor exponent, broadcasting (`torch.pow(a, b)`).
public func pow(_ x: Tensor, _ exponent: Tensor) -> Tensor { x ** exponent }
