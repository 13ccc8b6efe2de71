import XCTest
@testable import Engine

/// Choosing the kernel path: what the CPU offers, and what `LESSONS_ISA` asks for.
final class KernelISATests: XCTestCase {
    func testSupportedPathsAreOrderedAndGenericAlwaysRuns() {
        let paths = KernelISA.supported
        XCTAssertEqual(paths.first, .generic)
        XCTAssertEqual(paths, paths.sorted())
        XCTAssertEqual(KernelISA.best, paths.last)
        // AVX-512 kernels also need AVX2 + FMA, so a CPU with the first has the second.
        if KernelISA.avx512.isSupported { XCTAssertTrue(KernelISA.avx2.isSupported) }
    }

    func testEnvironmentValue() {
        XCTAssertEqual(KernelISA.choose(nil).0, KernelISA.best)
        XCTAssertNil(KernelISA.choose("").warning)
        XCTAssertEqual(KernelISA.choose("generic").0, .generic)
        XCTAssertEqual(KernelISA.choose("GENERIC").0, .generic)
        XCTAssertNil(KernelISA.choose("generic").warning)
        let unknown = KernelISA.choose("sse9")
        XCTAssertEqual(unknown.0, KernelISA.best)
        XCTAssertTrue(unknown.warning?.contains("not one of avx512, avx2, generic") ?? false)
        for isa in KernelISA.allCases {
            let (chosen, warning) = KernelISA.choose(isa.rawValue)
            XCTAssertEqual(chosen, isa.isSupported ? isa : KernelISA.best)
            XCTAssertEqual(warning == nil, isa.isSupported)
        }
    }
}
