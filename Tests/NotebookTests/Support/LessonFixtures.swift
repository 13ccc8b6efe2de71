import FileSystem
import Foundation
import XCTest
@testable import Notebook

/// The fixture lessons in Tests/NotebookTests/Fixtures, copied into a fresh folder per test so
/// each test has its own cache and output.
final class FixtureProject {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    let root: URL
    var lessonsDirectory: URL { root.appendingPathComponent("lessons") }
    var project: ProjectFolders { ProjectFolders(lessonsDirectory: lessonsDirectory, environment: [:]) }

    /// A project holding copies of the named fixtures (all of them when none are named).
    convenience init(_ names: [String] = []) throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".md") }
        try self.init(copying: (names.isEmpty ? all : names).map { Self.fixtures.appendingPathComponent($0) })
    }

    /// A project holding copies of lesson files from anywhere in the repository.
    init(copying files: [URL]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: lessonsDirectory, withIntermediateDirectories: true)
        for file in files {
            try FileManager.default.copyItem(at: file, to: lessonsDirectory.appendingPathComponent(file.lastPathComponent))
        }
    }

    /// The repository's root folder.
    static let repository = fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ name: String) -> URL { lessonsDirectory.appendingPathComponent(name) }

    /// The parsed lesson, named as messages name it.
    func lesson(_ name: String) throws -> Lesson {
        try LessonParser.parse(contentsOf: url(name), path: displayPath(url(name)))
    }

    /// The 1-based line of the first line of fixture `name` containing `marker`.
    static func line(containing marker: String, in name: String) throws -> Int {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw NSError(domain: "fixture", code: 1, userInfo: [NSLocalizedDescriptionKey: "no `\(marker)` in \(name)"])
        }
        return index + 1
    }

    /// A runner for this project, with an interruption of its own.
    func runner(interruption: Interruption = Interruption()) throws -> LessonRunner {
        LessonRunner(project: project, build: try TestBuild.require(), datasets: .unknown, interruption: interruption)
    }

    /// Runs fixture `name` (default params unless given).
    func run(_ name: String, set overrides: [String] = [], options: RunOptions = RunOptions(),
             observer: RunObserver? = nil, runner: LessonRunner? = nil) throws -> LessonOutcome {
        let lesson = try self.lesson(name)
        let params = try LessonCatalog.assignParams(overrides, to: [lesson])[0]
        return try (runner ?? self.runner()).run(lesson, params: params, options: options, observer: observer)
    }
}

/// The LessonKit build the tests compile lessons against (`make test` runs `swift build` first).
enum TestBuild {
    static func require() throws -> LessonKitBuild {
        do {
            return try LessonKitBuild.locate()
        } catch {
            XCTFail("these tests compile lessons against libLessonKit.so: \(error)")
            throw error
        }
    }
}

/// Collects what a run reported, for assertions.
final class RecordingObserver: RunObserver {
    var events: [String] = []
    var output: [Int: String] = [:]
    var onOutput: ((Step, String) -> Void)?

    func lessonCached(_ lesson: Lesson, run: LessonRun) { events.append("cached") }
    func compiling(_ lesson: Lesson) { events.append("compiling") }
    func compiled(_ lesson: Lesson, seconds: Double, compiled: Bool) { events.append(compiled ? "compiled" : "binary from cache") }
    func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) { events.append("compile failed") }
    func stepStarted(_ step: Step, of total: Int) { events.append("start \(step.index)") }
    func stepOutput(_ step: Step, _ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        output[step.index, default: ""] += text
        onOutput?(step, text)
    }
    func stepFinished(_ step: Step, _ result: StepResult) { events.append("finish \(step.index) \(result.status.rawValue)") }
    func lessonFinished(_ lesson: Lesson, run: LessonRun) { events.append("finished \(run.status.rawValue)") }
}

/// Graders as `lessons check --submissions` makes them: from a snapshot of the master and the
/// build, each copy in the bubblewrap sandbox.
enum TestGrading {
    /// The sandbox, or a failure when it cannot run here (CI runs as root with bubblewrap
    /// installed by `make deps`; only a machine without user namespaces would skip).
    static func sandbox(_ snapshot: GradingSnapshot, limits: Sandbox.Limits = Sandbox.Limits()) throws -> Sandbox {
        if let reason = Sandbox.unavailableReason() {
            if getuid() == 0 { XCTFail("the grading sandbox must run here: \(reason)") }
            throw XCTSkip("the grading sandbox cannot run here: \(reason)")
        }
        return Sandbox(readOnly: [snapshot.folder], limits: limits)
    }

    static func grader(master file: URL, timeLimit: Double, limits: Sandbox.Limits = Sandbox.Limits()) throws -> (Grader, GradingSnapshot) {
        let snapshot = try GradingSnapshot(masterFile: file, masterPath: displayPath(file), build: TestBuild.require())
        let sandbox = try sandbox(snapshot, limits: limits)
        try snapshot.warmModuleCache(sandbox: sandbox)
        let grader = Grader(master: snapshot.master, build: snapshot.build, timeLimit: timeLimit, dataDirectory: nil,
                            sandbox: sandbox, interruption: Interruption())
        grader.moduleCache = snapshot.moduleCache
        return (grader, snapshot)
    }
}
