import CKernels
import Foundation

/// The instruction-set path the engine's hand-written kernels take (CKernels): AVX-512F,
/// AVX2 + FMA, or none ("generic": im2col + BLAS, and plain Swift loops).
///
/// The best path the CPU supports is chosen at start-up; `LESSONS_ISA=avx2|avx512|generic`
/// forces one (a path the CPU lacks falls back to the best it has, with a warning), and
/// tests set `KernelISA.active` to run the same checks on every path.
public enum KernelISA: String, CaseIterable, Sendable, Comparable {
    /// No hand-written kernels: im2col + BLAS and plain Swift loops (any CPU).
    case generic
    /// AVX2 and FMA kernels (Haswell, Zen and later).
    case avx2
    /// AVX-512F kernels (Skylake-SP, Ice Lake, Sapphire/Emerald Rapids, Zen 4 and later).
    case avx512

    var code: Int32 {
        switch self {
        case .generic: Int32(CK_ISA_GENERIC)
        case .avx2: Int32(CK_ISA_AVX2)
        case .avx512: Int32(CK_ISA_AVX512)
        }
    }

    /// Whether this CPU can run the path.
    public var isSupported: Bool { ck_isa_supported(code) != 0 }

    /// Every path this CPU can run, generic first.
    public static var supported: [KernelISA] { allCases.filter(\.isSupported) }

    /// The fastest path this CPU can run.
    public static let best: KernelISA = supported.last ?? .generic

    /// The path chosen at start-up: `LESSONS_ISA` when set and supported, else `best`.
    public static let initial: KernelISA = {
        let (isa, warning) = choose(ProcessInfo.processInfo.environment["LESSONS_ISA"])
        if let warning { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        return isa
    }()

    /// The path a `LESSONS_ISA` value asks for (nil or empty: `best`), and a warning when it
    /// names no path or one this CPU lacks (then `best`).
    static func choose(_ name: String?) -> (KernelISA, warning: String?) {
        guard let name, !name.isEmpty else { return (best, nil) }
        guard let isa = KernelISA(rawValue: name.lowercased()) else {
            return (best, "LESSONS_ISA=\(name) is not one of avx512, avx2, generic; using \(best.rawValue)")
        }
        guard isa.isSupported else { return (best, "LESSONS_ISA=\(name): this CPU lacks it; using \(best.rawValue)") }
        return (isa, nil)
    }

    nonisolated(unsafe) private static var current: KernelISA = initial

    /// The path the kernels take now. Setting an unsupported path is a programming error.
    public static var active: KernelISA {
        get { current }
        set {
            precondition(newValue.isSupported, "KernelISA \(newValue.rawValue) is not supported on this CPU")
            current = newValue
        }
    }

    public static func < (a: KernelISA, b: KernelISA) -> Bool { a.code < b.code }
}
