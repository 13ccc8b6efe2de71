// swift-tools-version:6.0
//
// The `lessons` tutorial runner and its deep-learning engine.
//
//   Engine         tensors, autograd, layers, losses, optimizers, data (OpenBLAS underneath)
//   ImageIO        PNG encode/decode through libpng (shared by Engine's datasets and Plot)
//   Plot           figures drawn with cairo, written as PNG
//   LessonRuntime  the small runtime every generated lesson program calls between steps
//   Notebook       lesson parsing, program generation, execution, cache, HTML report, gradebook
//   lessons        the command-line tool
//
// Generated lesson programs link against the dynamic library product `LessonKit`
// (Engine + ImageIO + Plot + LessonRuntime), built by SwiftPM into .build/<config>/.
import PackageDescription

/// The engine's tight loops are worth optimising even in debug builds: a debug
/// build of the engine is 20-100x slower, which would make `make test` crawl.
let optimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

let package = Package(
    name: "Lessons",
    products: [
        .executable(name: "lessons", targets: ["lessons"]),
        .library(name: "LessonKit", type: .dynamic,
                 targets: ["Engine", "ImageIO", "Plot", "LessonRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    ],
    targets: [
        // System libraries from Debian's -dev packages (installed by `make deps`).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo"),
        .systemLibrary(name: "CMark", path: "Sources/CMark"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The classroom's persistent grade store (libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),

        // AVX-512 and AVX2/FMA kernels: convolution, skinny GEMM (chosen at run time by
        // Engine's KernelISA; -O3 even in debug builds).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "ImageIO", dependencies: ["CPNG"], swiftSettings: optimized),
        .target(name: "Engine", dependencies: ["CBLAS", "CZlib", "ImageIO", "CKernels"], swiftSettings: optimized),
        // The course's reference models (CIFAR ResNet, MNIST ResNet, Deep_CNN), shared by the
        // golden tests and `lessons bench`.
        .target(name: "CourseModels", dependencies: ["Engine"]),
        .target(name: "Plot", dependencies: ["CCairo", "ImageIO"]),
        .target(name: "LessonRuntime"),
        .target(name: "Notebook", dependencies: ["CMark", "CSQLite", "Yams", "LessonRuntime"]),
        .executableTarget(
            name: "lessons",
            dependencies: [
                "Notebook", "Engine", "CourseModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Fixtures/ holds float64 reference tensors (scripts/golden/f64_reference.py).
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CourseModels"], exclude: ["Fixtures"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "ImageIO"]),
        // Fixtures/ holds small lesson files the tests run (not Swift sources of the target).
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "LessonRuntime"], exclude: ["Fixtures"]),
    ],
    // Swift 5 mode: the engine hands raw buffers to concurrent loops, which Swift 6's
    // strict Sendable checking rejects without adding any safety here.
    swiftLanguageModes: [.v5]
)
