import FileSystem
import Foundation
import LessonRuntime

/// A private copy of what grading reads: the master lesson and the LessonKit build (library,
/// module interfaces, the C module maps and headers they need), in a fresh folder of the
/// grader's. Student copies compile against the snapshot, read-only in their sandbox, and never
/// see the project; afterwards `verify()` checks that neither the snapshot nor the master
/// changed while grading ran.
public final class GradingSnapshot {
    public let folder: URL
    /// The master, parsed from the snapshot's copy (messages still name the original path).
    public let master: Lesson
    public let build: LessonKitBuild
    private let masterFile: URL
    private let masterDigest: String
    private var buildDigest: String
    /// A clang module cache warmed once by `warmModuleCache(sandbox:)`; each copy compiles with
    /// a copy of it.
    public private(set) var moduleCache: URL?

    /// Copies `masterFile` (shown as `masterPath`) and `build` into a new folder under the
    /// system's temporary folder.
    public init(masterFile: URL, masterPath: String, build: LessonKitBuild) throws {
        let fm = FileManager.default
        folder = fm.temporaryDirectory.appendingPathComponent("lessons-grading-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = chmod(folder.path, 0o755)
            guard let text = fm.contents(atPath: masterFile.path) else {
                throw LessonError(file: masterPath, line: nil, message: "cannot read the master lesson")
            }
            let lessonCopy = folder.appendingPathComponent("master").appendingPathComponent(masterFile.lastPathComponent)
            try fm.createDirectory(at: lessonCopy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: lessonCopy)
            self.masterFile = masterFile
            masterDigest = Self.digest(text)
            var parsed = try LessonParser.parse(contentsOf: lessonCopy, path: masterPath)
            parsed.path = masterPath
            master = parsed

            // <snapshot>/Package.swift marks the root where LessonKitBuild looks for module maps.
            try Data("// snapshot of a LessonKit build for grading\n".utf8).write(to: folder.appendingPathComponent("Package.swift"))
            let buildCopy = folder.appendingPathComponent("build")
            let modules = buildCopy.appendingPathComponent("Modules")
            try fm.createDirectory(at: modules, withIntermediateDirectories: true)
            try fm.copyItem(at: build.directory.appendingPathComponent("libLessonKit.so"), to: buildCopy.appendingPathComponent("libLessonKit.so"))
            for module in LessonKitBuild.modules {
                for ext in ["swiftmodule", "swiftdoc"] {
                    let source = build.directory.appendingPathComponent("Modules/\(module).\(ext)")
                    if fm.fileExists(atPath: source.path) { try fm.copyItem(at: source, to: modules.appendingPathComponent("\(module).\(ext)")) }
                }
            }
            // System module maps (Sources/CBLAS/…) with their shims, and generated maps of C
            // targets (CKernels.build/module.modulemap, which names its headers by absolute path).
            let sources = folder.appendingPathComponent("Sources")
            for map in build.moduleMaps {
                let owner = map.deletingLastPathComponent()
                if owner.lastPathComponent.hasSuffix(".build") {
                    let target = String(owner.lastPathComponent.dropLast(".build".count))
                    var text = try String(contentsOf: map, encoding: .utf8)
                    let headerFolders = Self.quotedPaths(in: text).map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
                    for headers in Set(headerFolders) {
                        let copy = sources.appendingPathComponent(target).appendingPathComponent(headers.lastPathComponent)
                        if !fm.fileExists(atPath: copy.path) {
                            try fm.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
                            try fm.copyItem(at: headers, to: copy)
                        }
                        text = text.replacingOccurrences(of: headers.path + "/", with: copy.path + "/")
                    }
                    let mapCopy = buildCopy.appendingPathComponent(owner.lastPathComponent).appendingPathComponent("module.modulemap")
                    try fm.createDirectory(at: mapCopy.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: mapCopy)
                } else {
                    let copy = sources.appendingPathComponent(owner.lastPathComponent)
                    try fm.createDirectory(at: sources, withIntermediateDirectories: true)
                    if !fm.fileExists(atPath: copy.path) { try fm.copyItem(at: owner, to: copy) }
                }
            }
            try Self.makeReadable(folder)
            self.build = try LessonKitBuild(directory: buildCopy)
            buildDigest = Self.treeDigest(folder)
        } catch {
            try? fm.removeItem(at: folder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Builds the system modules (Glibc, Foundation's C parts, the course's C libraries) once,
    /// in the sandbox, by type-checking a program that imports what lessons import. Without it
    /// every copy would spend seconds building them again.
    public func warmModuleCache(sandbox: Sandbox?) throws {
        let cache = folder.appendingPathComponent("module-cache")
        let work = folder.appendingPathComponent("warm-up")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try sandbox?.handOver([cache, work])
        var compiler = Compiler(build: build, cacheDirectory: work)
        compiler.sandbox = sandbox
        compiler.moduleCache = cache
        let probe = work.appendingPathComponent("probe.swift")
        try Data("import Foundation\nimport Engine\nimport Plot\nimport LessonRuntime\n".utf8).write(to: probe)
        let probing = try compiler.run(compiler.moduleFlags + ["-typecheck", probe.path], writable: [work], in: work, interruption: nil)
        guard probing.succeeded else { throw LessonError(file: master.path, line: nil, message: "cannot prepare the grading build: \(probing.output)") }
        try FileManager.default.removeItem(at: work)
        try Self.makeReadable(cache)
        moduleCache = cache
        buildDigest = Self.treeDigest(folder)
    }

    /// What changed while grading ran (empty when nothing did): the master lesson on disk, or
    /// anything in the snapshot.
    public func verify() -> [String] {
        var changes: [String] = []
        let now = FileManager.default.contents(atPath: masterFile.path).map(Self.digest)
        if now != masterDigest {
            changes.append("\(master.path) changed while grading ran; every copy was graded against the snapshot taken at the start")
        }
        if Self.treeDigest(folder) != buildDigest {
            changes.append("the grading snapshot of the master and the build changed while grading ran (\(folder.path)): do not trust these grades")
        }
        return changes
    }

    static func digest(_ data: Data) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.hexDigest()
    }

    /// Every file's path, size, modification time and mode under `root`, hashed.
    static func treeDigest(_ root: URL) -> String {
        var hasher = SHA256()
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String { paths.append(path) }
        for path in paths.sorted() {
            var info = stat()
            guard lstat(root.appendingPathComponent(path).path, &info) == 0 else { continue }
            hasher.update("\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_mode)\n")
        }
        return hasher.hexDigest()
    }

    /// Absolute paths in double quotes (`umbrella header "/…/CKernels.h"`).
    static func quotedPaths(in text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.hasPrefix("/") }.map { String($0.element) }
    }

    /// Folders 0755 and files 0644 (the library 0755), so a sandbox's unprivileged uid can read them.
    static func makeReadable(_ root: URL) throws {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            let url = root.appendingPathComponent(path)
            let kind = FileKind(of: url)
            guard kind != .missing else { continue }
            _ = chmod(url.path, kind == .folder || path.hasSuffix(".so") ? 0o755 : 0o644)
        }
    }
}
