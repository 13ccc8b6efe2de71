import Foundation
import LessonRuntime

/// The SwiftPM build of the `LessonKit` library that generated lesson programs link against:
/// `<build>/libLessonKit.so` and `<build>/Modules/` (Engine, Plot, LessonRuntime…), plus the
/// module maps of the system libraries those modules import (CBLAS, CPNG…).
public struct LessonKitBuild: Sendable {
    /// The folder holding `libLessonKit.so` and `Modules/` (`.build/debug` or `.build/release`).
    public var directory: URL
    /// `Sources/*/module.modulemap` of the package, which the compiler needs to load Engine.
    public var moduleMaps: [URL]
    /// Changes whenever the library or its module interfaces are rebuilt.
    public var fingerprint: String

    /// Environment variable naming the build folder explicitly.
    public static let directoryVariable = "LESSONS_BUILD_DIR"

    /// "debug" or "release", from the folder's name.
    public var configuration: String { directory.lastPathComponent }

    /// A readable engine version for reports: configuration and a short fingerprint.
    public var engineVersion: String { "LessonKit \(configuration) build \(fingerprint.prefix(10))" }

    /// Finds the build: `LESSONS_BUILD_DIR` if set, else the folder of the running executable
    /// (the `lessons` tool and the test bundle both live in `.build/<config>/`).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LessonKitBuild {
        if let explicit = environment[directoryVariable], !explicit.isEmpty {
            return try LessonKitBuild(directory: URL(fileURLWithPath: explicit))
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return try LessonKitBuild(directory: executable.deletingLastPathComponent())
    }

    /// The Swift modules of the LessonKit product (Package.swift), whose interfaces a program
    /// compiled against the library needs.
    public static let modules = ["Engine", "ImageIO", "Plot", "LessonRuntime", "FileSystem"]

    /// The build in `directory`; fails with a message saying how to make it.
    public init(directory: URL) throws {
        self.directory = directory.standardizedFileURL
        let library = self.directory.appendingPathComponent("libLessonKit.so")
        let modules = self.directory.appendingPathComponent("Modules")
        let fm = FileManager.default
        guard fm.fileExists(atPath: library.path),
              fm.fileExists(atPath: modules.appendingPathComponent("LessonRuntime.swiftmodule").path) else {
            throw LessonKitBuildError.missing(self.directory.path)
        }
        moduleMaps = Self.moduleMaps(near: self.directory)
        var hasher = SHA256()
        for file in [library] + Self.modules.map({ modules.appendingPathComponent("\($0).swiftmodule") }) {
            let attributes = try? fm.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            hasher.update("\(file.lastPathComponent) \(size) \(modified)\n")
        }
        fingerprint = hasher.hexDigest()
    }

    /// The module maps of the package's C modules: system libraries' `Sources/*/module.modulemap`
    /// (found by walking up from the build folder to the folder holding `Package.swift`) and the
    /// maps SwiftPM generates for C targets (`<build>/<Target>.build/module.modulemap`).
    private static func moduleMaps(near build: URL) -> [URL] {
        let generated = ((try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? [])
            .filter { $0.hasSuffix(".build") }.sorted()
            .map { build.appendingPathComponent($0).appendingPathComponent("module.modulemap") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        return systemModuleMaps(near: build) + generated
    }

    private static func systemModuleMaps(near build: URL) -> [URL] {
        var folder = build
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            let sources = folder.appendingPathComponent("Sources")
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                  let names = try? FileManager.default.contentsOfDirectory(atPath: sources.path) else { continue }
            return names.sorted().map { sources.appendingPathComponent($0).appendingPathComponent("module.modulemap") }
                .filter { FileManager.default.fileExists(atPath: $0.path) }
        }
        return []
    }
}

/// The library generated programs need is not built.
public enum LessonKitBuildError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "no LessonKit build in \(path) (libLessonKit.so and Modules/ are missing): run `swift build` first, or set \(LessonKitBuild.directoryVariable)"
        }
    }
}
