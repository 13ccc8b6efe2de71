import Foundation
@testable import Engine

/// Runs `body` once under every kernel path this CPU supports (generic, avx2, avx512),
/// with `KernelISA.active` set to it, then restores the path; the test log names the paths
/// that ran, so a log from a machine without AVX-512 says so.
func forEachKernelISA(_ test: String = #function, _ body: (KernelISA) throws -> Void) rethrows {
    let saved = KernelISA.active
    defer { KernelISA.active = saved }
    print("[kernel paths] \(test): \(KernelISA.supported.map(\.rawValue).joined(separator: ", "))")
    for isa in KernelISA.supported {
        KernelISA.active = isa
        try body(isa)
    }
}
