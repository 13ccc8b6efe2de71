// swift-tools-version:6.0
//
// The `lessons` tutorial runner and its deep-learning engine.
//
//   FileSystem     atomic file and folder writes, lstat checks, paths in messages (shared by all)
//   Engine         tensors, autograd, layers, losses, optimizers, data (OpenBLAS underneath)
//   ImageIO        PNG encode/decode through libpng (shared by Engine's datasets and Plot)
//   Plot           figures drawn with cairo, written as PNG
//   LessonRuntime  the small runtime every generated lesson program calls between steps
//   Notebook       lesson parsing, program generation, execution, cache, HTML report, gradebook
//   Preview        `lessons preview`: the live-reloading report server (FlyingFox)
//   lessons        the command-line tool
//
// Generated lesson programs link against the dynamic library product `LessonKit`
// (Engine + ImageIO + Plot + LessonRuntime, and FileSystem beneath them), built by SwiftPM into .build/<config>/.
import PackageDescription

/// The engine's tight loops are worth optimising even in debug builds: a debug
/// build of the engine is 20-100x slower, which would make `make test` crawl.
let optimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

let package = Package(
    name: "Lessons",
    products: [
        .executable(name: "lessons", targets: ["lessons"]),
        .library(name: "LessonKit", type: .dynamic,
                 targets: ["Engine", "ImageIO", "Plot", "LessonRuntime", "FileSystem"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        // `lessons preview`'s HTTP and WebSocket server. FlyingFox rather than Hummingbird: it
        // needs no SwiftNIO (two small modules over BSD sockets, a fraction of the build time on
        // a 2-core machine), and it has the two things preview needs, static responses and
        // WebSockets, maintained and tested upstream.
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
        // The HTML report's templates: Mustache escapes every `{{value}}` unless a template asks
        // for raw HTML with `{{{…}}}`, and it has no dependencies of its own.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // `make docs`: the API reference of Engine and Plot (`swift package generate-documentation`).
        // A command plugin only: nothing of it is built by `swift build` or linked into anything.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        // Writing files and folders whole, lstat checks, paths in messages: one implementation
        // for the engine, the image codec and the runner alike.
        .target(name: "FileSystem"),
        .target(name: "ImageIO", dependencies: ["CPNG", "FileSystem"], swiftSettings: optimized),
        .target(name: "Engine", dependencies: ["CBLAS", "CZlib", "ImageIO", "CKernels", "FileSystem"], swiftSettings: optimized),
        // The course's reference models (CIFAR ResNet, MNIST ResNet, Deep_CNN), shared by the
        // golden tests and `lessons bench`.
        .target(name: "CourseModels", dependencies: ["Engine"]),
        .target(name: "Plot", dependencies: ["CCairo", "ImageIO"]),
        .target(name: "LessonRuntime"),
        // The report's templates and stylesheet are compiled into the binary (`PackageResources`),
        // so `lessons` finds them wherever it is copied, with no resource bundle beside it.
        .target(
            name: "Notebook",
            dependencies: ["CMark", "CSQLite", "Yams", "LessonRuntime", "FileSystem", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.embedInCode("Report/Templates"), .embedInCode("Report/style.css")]),
        // `lessons preview`: serves the report, watches the lessons, re-runs and live-reloads.
        .target(name: "Preview", dependencies: ["Notebook", "FileSystem", .product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "lessons",
            dependencies: [
                "Notebook", "Engine", "CourseModels", "Preview", "FileSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Fixtures/ holds float64 reference tensors (scripts/golden/f64_reference.py).
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CourseModels"], exclude: ["Fixtures"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "ImageIO"]),
        // Fixtures/ holds small lesson files the tests run (not Swift sources of the target).
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "LessonRuntime", "FileSystem"], exclude: ["Fixtures"]),
        .testTarget(name: "PreviewTests", dependencies: ["Preview", "Notebook"]),
    ],
    // Swift 5 mode: the engine hands raw buffers to concurrent loops, which Swift 6's
    // strict Sendable checking rejects without adding any safety here.
    swiftLanguageModes: [.v5]
)
