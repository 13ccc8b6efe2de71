import Foundation
import XCTest
@testable import Engine

/// Where PyTorch's reference tensors live: `<package root>/../shared/golden`.
let goldenDirectory: String = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.deletingLastPathComponent().appendingPathComponent("shared/golden").path
}()

/// The tensors of golden/<file>, or an XCTSkip naming what is missing.
func goldenTensors(_ file: String) throws -> [String: Tensor] {
    let path = goldenDirectory + "/" + file
    guard FileManager.default.fileExists(atPath: path) else {
        throw XCTSkip("\(path) not found: the golden reference tensors are not available here")
    }
    return try SafeTensors.read(path)
}

/// A fresh path in the temporary directory.
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "engine-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
}

/// ‖a − b‖ / max(‖a‖, ‖b‖), accumulated in Double (0 when both are zero).
func relativeError(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) vs \(b.count) values")
    var diff = 0.0, na = 0.0, nb = 0.0
    for i in 0..<a.count {
        let x = Double(a[i]), y = Double(b[i])
        diff += (x - y) * (x - y); na += x * x; nb += y * y
    }
    let scale = max(na, nb).squareRoot()
    return scale == 0 ? 0 : diff.squareRoot() / scale
}

/// Asserts equal shapes and values within `tolerance` relative error (see `relativeError`).
func assertClose(_ actual: Tensor, _ expected: Tensor, _ tolerance: Double = 1e-5,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "shape \(message)", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let err = relativeError(actual.scalars, expected.scalars)
    XCTAssertLessThan(err, tolerance, "relative error \(err) \(message)", file: file, line: line)
}

/// Asserts values equal to `expected` (row-major) within an absolute tolerance.
func assertValues(_ actual: Tensor, _ expected: [Float], shape: [Int]? = nil, accuracy: Float = 1e-4,
                  file: StaticString = #filePath, line: UInt = #line) {
    if let shape { XCTAssertEqual(actual.shape, shape, "shape", file: file, line: line) }
    XCTAssertEqual(actual.count, expected.count, "element count", file: file, line: line)
    for (i, (a, e)) in zip(actual.scalars, expected).enumerated() where abs(a - e) > accuracy {
        XCTFail("element \(i): \(a) vs expected \(e)", file: file, line: line)
        return
    }
}
