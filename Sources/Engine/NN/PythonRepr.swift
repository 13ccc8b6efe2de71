// Values as Python's repr writes them, for modules' `extraDescription` (PyTorch's
// `extra_repr`), so that `print(model)` reads as it does in PyTorch.

/// The spellings of Python's repr that module descriptions use.
enum PythonRepr {
    /// `True` / `False`.
    static func bool(_ value: Bool) -> String { value ? "True" : "False" }

    /// A float: 1e-05, 0.1, 1.0 (Swift's shortest round-trip form uses the same exponent style).
    static func float(_ value: Float) -> String { "\(value)" }

    /// `repr(value)`, or `None` for nil.
    static func optional<T>(_ value: T?, _ repr: (T) -> String) -> String { value.map(repr) ?? "None" }

    /// A (height, width) pair as a Python tuple: `(3, 3)`.
    static func tuple(_ pair: (Int, Int)) -> String { "(\(pair.0), \(pair.1))" }

    /// A size as it was given: one number (`2`) or a tuple (`(2, 1)`).
    static func size(_ size: SizePair) -> String {
        switch size {
        case .square(let n): return "\(n)"
        case .size(let h, let w): return tuple((h, w))
        }
    }
}
