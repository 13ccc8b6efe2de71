import Foundation
import LessonRuntime

/// Compiles a generated lesson program with swiftc against the LessonKit build, caching the
/// binary by a hash of its source, the build and the flags.
public struct Compiler: Sendable {
    /// A program ready to run.
    public struct Program: Sendable {
        public var executable: URL
        /// False when the binary came from the cache.
        public var compiled: Bool
        /// Seconds spent compiling (0 for a cached binary).
        public var seconds: Double
    }

    /// What a compilation produced.
    public enum Outcome: Sendable {
        case program(Program)
        /// Every error the compiler reported, mapped to the Markdown where it points into a step.
        case errors([Diagnostic], seconds: Double)
    }

    public var build: LessonKitBuild
    /// `.lessons-cache/bin`.
    public var cacheDirectory: URL
    /// Extra swiftc flags from `LESSONS_SWIFTC_FLAGS` (e.g. `-O` for lessons with heavy Swift loops).
    public var extraFlags: [String]
    /// Seconds swiftc may take before it is stopped (`LESSONS_COMPILE_TIMEOUT`, default 600), so
    /// a submission that sends the type checker into a spin cannot hang a grading run.
    public var timeLimit: Double
    /// Binaries kept per lesson.
    static let keptBinaries = 3
    /// Where swiftc runs: nil on this machine as it is, else inside this sandbox (student copies),
    /// seeing only the build, its work folder and a module cache of its own.
    public var sandbox: Sandbox?
    /// The clang module cache swiftc uses in the sandbox (nil: one in the cache folder). A
    /// grader gives each copy its own copy of a warm cache, so that no copy compiles the system
    /// modules from scratch and none can poison another's.
    public var moduleCache: URL?
    /// Where `moduleCache` appears inside the sandbox: clang's modules remember the cache's path,
    /// so a copy of a warm cache must sit where the warm one was made.
    public var moduleCacheMountPoint: URL?

    public init(build: LessonKitBuild, cacheDirectory: URL,
                extraFlags: [String] = (ProcessInfo.processInfo.environment["LESSONS_SWIFTC_FLAGS"] ?? "")
                    .split(separator: " ").map(String.init),
                timeLimit: Double = ProcessInfo.processInfo.environment["LESSONS_COMPILE_TIMEOUT"]
                    .flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 600) {
        self.build = build
        self.cacheDirectory = cacheDirectory
        self.extraFlags = extraFlags
        self.timeLimit = timeLimit
    }

    /// Debug info makes crash backtraces name Markdown lines; -Onone keeps the standard library's
    /// messages ("Index out of range"), which -O drops, and compiles fastest. The engine itself
    /// is optimised in LessonKit whatever this says.
    var flags: [String] {
        ["-g", "-Onone", "-swift-version", "5", "-suppress-warnings", "-module-name", "LessonMain",
         "-I", build.directory.appendingPathComponent("Modules").path,
         "-L", build.directory.path, "-lLessonKit",
         "-Xlinker", "-rpath", "-Xlinker", build.directory.path]
            + build.moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
            + extraFlags
    }

    /// The flags that find the LessonKit modules (for a probe that only type-checks).
    var moduleFlags: [String] {
        ["-swift-version", "5", "-I", build.directory.appendingPathComponent("Modules").path]
            + build.moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
    }

    /// What one swiftc process did.
    struct Invocation {
        /// Its stdout and stderr together.
        var output: String
        /// True when it exited with status 0.
        var succeeded: Bool
        /// True when it was stopped after `timeLimit`.
        var timedOut: Bool
    }

    /// Runs swiftc with `arguments` in `folder`: the one way this type starts the compiler. In the
    /// sandbox, if any, it can write only `writable` and its module cache (`moduleCache`, else
    /// one in the cache folder).
    func run(_ arguments: [String], writable: [URL], in folder: URL, interruption: Interruption?) throws -> Invocation {
        var command = Sandbox.Command(executable: Self.swiftc, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                                      workingDirectory: folder)
        if let sandbox {
            let moduleCache = self.moduleCache ?? cacheDirectory.appendingPathComponent("module-cache")
            try sandbox.handOver(writable + [moduleCache])
            command.environment = [:]
            command = sandboxed(command, in: sandbox, writable: writable, moduleCache: moduleCache)
        }
        let child = try Subprocess.spawn(command.executable, arguments: command.arguments, environment: command.environment,
                                         workingDirectory: command.workingDirectory)
        let (output, termination, timedOut) = try child.collectOutput(interruption: interruption, timeLimit: timeLimit)
        return Invocation(output: String(decoding: output, as: UTF8.self), succeeded: termination == .exited(0), timedOut: timedOut)
    }

    /// swiftc in the sandbox: the build readable, `writable` and the module cache writable (the
    /// cache at its mount point).
    private func sandboxed(_ command: Sandbox.Command, in sandbox: Sandbox, writable: [URL], moduleCache: URL) -> Sandbox.Command {
        var command = command
        let mountPoint = moduleCacheMountPoint ?? moduleCache
        command.arguments += ["-module-cache-path", mountPoint.path]
        return sandbox.wrap(command, writable: writable, readable: [build.directory] + build.moduleMaps.map { $0.deletingLastPathComponent() },
                            mounts: [(moduleCache, mountPoint)])
    }

    /// The cache key of a program: source, build, flags and compiler.
    func key(for source: String) -> String {
        SHA256.hex([source, build.fingerprint, flags.joined(separator: " "), Self.swiftc].joined(separator: "\n\u{0}"))
    }

    /// Compiles `source` (or reuses the cached binary). `lessonPath` names the lesson in errors
    /// that do not point into a step.
    public func compile(_ source: String, slug: String, lessonPath: String, interruption: Interruption? = nil) throws -> Outcome {
        let fm = FileManager.default
        let lessonFolder = cacheDirectory.appendingPathComponent(slug)
        let final = lessonFolder.appendingPathComponent(String(key(for: source).prefix(24)))
        let executable = final.appendingPathComponent("program")
        if fm.isExecutableFile(atPath: executable.path) {
            return .program(Program(executable: executable, compiled: false, seconds: 0))
        }

        let work = lessonFolder.appendingPathComponent(".tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let mainFile = work.appendingPathComponent("main.swift")
        try Data(source.utf8).write(to: mainFile)

        let start = Date()
        let swiftc = try run(flags + ["-o", work.appendingPathComponent("program").path, mainFile.path],
                             writable: [work], in: work, interruption: interruption)
        let seconds = Date().timeIntervalSince(start)
        if swiftc.timedOut {
            let message = "the Swift compiler did not finish within \(Formatting.duration(timeLimit)) and was stopped "
                + "(an expression too complex to type-check? LESSONS_COMPILE_TIMEOUT sets the limit)"
            return .errors([Diagnostic(file: lessonPath, line: nil, column: nil, message: message, detail: swiftc.output)], seconds: seconds)
        }
        guard swiftc.succeeded else {
            return .errors(CompilerDiagnostics.errors(in: swiftc.output, lessonPath: lessonPath, generatedFile: mainFile.path), seconds: seconds)
        }
        // Publish atomically: a half-written binary is never seen under its key.
        if (try? fm.moveItem(at: work, to: final)) == nil, !fm.isExecutableFile(atPath: executable.path) {
            throw CompilerError.cannotStore(final.path)
        }
        CachePruning.keepNewest(Self.keptBinaries, in: lessonFolder, keeping: [final.lastPathComponent])
        return .program(Program(executable: executable, compiled: true, seconds: seconds))
    }

    /// swiftc: `SWIFTC` if set, else the first on PATH.
    static let swiftc: String = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["SWIFTC"], !explicit.isEmpty { return explicit }
        for folder in (environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/swiftc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/swiftc"
    }()
}

enum CompilerError: Error, CustomStringConvertible {
    case cannotStore(String)

    var description: String {
        switch self {
        case .cannotStore(let path): return "cannot store the compiled program in \(path)"
        }
    }
}
