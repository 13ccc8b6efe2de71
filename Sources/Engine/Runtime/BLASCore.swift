import CBLAS
import CKernels
import Foundation

/// Which OpenBLAS kernels ("core") the process uses, and the fix for CPUs OpenBLAS does
/// not recognise.
///
/// Why: OpenBLAS 0.3.21 (Debian bookworm) picks its kernels by CPU model number. A newer
/// CPU it does not know falls back to "Prescott", its SSE3 kernels: on an Intel Xeon of
/// family 6, model 207 (Emerald Rapids, AVX-512) every sgemm then runs at a fraction of
/// the speed the SkylakeX kernels reach on the same machine. OpenBLAS reads
/// `OPENBLAS_CORETYPE` only while it loads, before `main`, so the fix re-runs the program
/// with it set.
public enum BLASCore {
    /// The core OpenBLAS chose ("SkylakeX", "Haswell", "Prescott", ...).
    public static var name: String { String(cString: openblas_get_corename()) }

    /// Cores OpenBLAS falls back to for a CPU it does not recognise.
    static let fallbacks: Set<String> = ["prescott", "core2", "nehalem", "penryn", "dunnington", "katmai", "northwood"]

    /// The `OPENBLAS_CORETYPE` this process should have had, when OpenBLAS fell back to a
    /// generic core on a CPU with AVX-512 or AVX2, and the variable is not set; else nil.
    public static var betterCoreType: String? {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              fallbacks.contains(name.lowercased()) else { return nil }
        if ck_cpu_has_skylakex_isa() != 0 { return "SKYLAKEX" }
        if KernelISA.avx2.isSupported { return "HASWELL" }
        return nil
    }

    /// Re-executes this program (same arguments) with `OPENBLAS_CORETYPE` set when
    /// `betterCoreType` says OpenBLAS fell back; returns only when no re-run is needed or
    /// possible. Call it first thing in `main`, before any thread or file is opened.
    public static func reexecWithBetterCoreIfNeeded() {
        guard let core = betterCoreType else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returned: it failed; carry on with the slower kernels.
    }
}
