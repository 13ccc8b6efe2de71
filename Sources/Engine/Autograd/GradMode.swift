/// Whether operations are recorded for backward (`torch.is_grad_enabled()`).
public enum GradMode {
    /// Whether ops are being recorded now; false inside `noGrad { }` (PyTorch: `torch.is_grad_enabled()`).
    nonisolated(unsafe) public internal(set) static var isEnabled = true
}

/// Runs `body` without recording operations for autograd, as `with torch.no_grad():`.
@discardableResult
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    let previous = GradMode.isEnabled
    GradMode.isEnabled = false
    defer { GradMode.isEnabled = previous }
    return try body()
}

/// Runs `body` with recording on, even inside `noGrad`.
@discardableResult
public func enableGrad<T>(_ body: () throws -> T) rethrows -> T {
    let previous = GradMode.isEnabled
    GradMode.isEnabled = true
    defer { GradMode.isEnabled = previous }
    return try body()
}
