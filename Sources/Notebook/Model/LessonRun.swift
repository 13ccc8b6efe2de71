import Foundation
import LessonRuntime

// The result of running a lesson: what each step printed, drew, how long it took and
// whether it failed. Stored as JSON in the cache; rendered by the report.

public struct LessonRun: Codable, Sendable, Equatable {
    public var slug: String
    public var title: String
    public var status: RunStatus
    /// When the lesson's program last actually ran (not when it was re-rendered from cache).
    public var startedAt: Date
    /// Seconds, compile + run.
    public var duration: Double
    /// Effective parameter values after `--set`, in front-matter order.
    public var params: [RunParam]
    /// One record per dataset used, e.g. "MNIST: data/ (70,000 images)" from the data folder, or
    /// "CIFAR-10 not found: ran on a synthetic stand-in".
    public var dataSources: [DataSourceRecord]
    public var engineVersion: String
    /// Headline numbers a lesson chose to report (`metric("test accuracy", 0.71)`), in order.
    public var metrics: [HeadlineValue]
    /// Every error of a program that did not compile; the steps before the first step holding
    /// one still ran (`PartialLesson`).
    public var compileErrors: [Diagnostic]
    public var steps: [StepResult]
    /// True when this run was rendered from the cache without compiling or running.
    public var fromCache: Bool
    /// Set when the program's event stream broke the protocol (a forged, repeated or
    /// out-of-order event): where and why. Nothing after it was recorded.
    public var tampering: Diagnostic? = nil

    public init(slug: String, title: String, status: RunStatus, startedAt: Date, duration: Double,
                params: [RunParam], dataSources: [DataSourceRecord], engineVersion: String, metrics: [HeadlineValue],
                compileErrors: [Diagnostic], steps: [StepResult], fromCache: Bool) {
        self.slug = slug
        self.title = title
        self.status = status
        self.startedAt = startedAt
        self.duration = duration
        self.params = params
        self.dataSources = dataSources
        self.engineVersion = engineVersion
        self.metrics = metrics
        self.compileErrors = compileErrors
        self.steps = steps
        self.fromCache = fromCache
    }
}

extension LessonRun {
    /// A run of `lesson` before anything ran: failed, every step not run.
    public static func notRun(_ lesson: Lesson, params: [ParamAssignment], engineVersion: String, startedAt: Date = Date()) -> LessonRun {
        LessonRun(slug: lesson.slug, title: lesson.title, status: .failed, startedAt: startedAt, duration: 0,
                  params: params.map(\.runParam), dataSources: [], engineVersion: engineVersion, metrics: [], compileErrors: [],
                  steps: lesson.steps.map { StepResult(index: $0.index, name: $0.name, status: .notRun, output: "", figures: [],
                                                       duration: 0, error: nil, checks: []) },
                  fromCache: false)
    }

    /// The first compile error: the one a report and a terminal show.
    public var compileError: Diagnostic? { compileErrors.first }
}

public enum RunStatus: String, Codable, Sendable {
    case ok, failed, notRun = "not run", interrupted
}

public struct RunParam: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    /// True when `--set` changed it from the lesson's default.
    public var overridden: Bool

    public init(name: String, value: String, overridden: Bool) {
        self.name = name
        self.value = value
        self.overridden = overridden
    }
}

/// A headline number of the run, as the lesson recorded it with `metric(name, value)` (the
/// final loss, a test accuracy): shown in the report header and the index, cited in the prose
/// as `{{ metric "name" }}`. Not an ML metric (those are the engine's `Metrics/`).
public struct HeadlineValue: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct StepResult: Codable, Sendable, Equatable {
    public var index: Int
    public var name: String
    public var status: StepStatus
    /// Everything the step wrote to stdout and stderr, in order.
    public var output: String
    /// PNG files the step produced, relative to the lesson's output folder.
    public var figures: [String]
    /// Seconds.
    public var duration: Double
    public var error: Diagnostic?
    /// Results of `check(...)` calls made in this step (graded exercises).
    public var checks: [CheckResult]
    /// True when the step ran again only to rebuild the state of a later step (`--from`), with
    /// its code unchanged and the same output as the stored run: shown collapsed.
    public var rerunAsBefore: Bool? = nil

    public init(index: Int, name: String, status: StepStatus, output: String, figures: [String],
                duration: Double, error: Diagnostic?, checks: [CheckResult]) {
        self.index = index
        self.name = name
        self.status = status
        self.output = output
        self.figures = figures
        self.duration = duration
        self.error = error
        self.checks = checks
    }
}

public enum StepStatus: String, Codable, Sendable {
    case ok
    /// An `expect: error` step that failed as it should.
    case failedAsExpected = "failed as expected"
    case failed
    case notRun = "not run"
    case timedOut = "timed out"
}

/// An error placed in the Markdown: `lessons/04-x.md:87:12: error: message`.
public struct Diagnostic: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The compiler's or the crash's full text, for the report.
    public var detail: String?
    /// What to write instead, when the error names a PyTorch spelling we translate
    /// (`PyTorch's randn_like is randnLike(x) here`; see `PyTorchNames`).
    public var note: String?
    /// What kind of failure this is, where the runner knows better than "an error": a step that
    /// ran to its end but failed some of its checks, or an event stream that broke the protocol.
    public var kind: Kind?

    public enum Kind: String, Codable, Sendable {
        case failedCheck
        case tampered
    }

    public init(file: String, line: Int?, column: Int?, message: String, detail: String? = nil, note: String? = nil, kind: Kind? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.detail = detail
        self.note = note
        self.kind = kind
    }

    /// True for a step that ran to its end and only failed checks (not a crash, not a timeout).
    public var isFailedCheck: Bool { kind == .failedCheck }

    /// The note as compilers print one, `file:line: note: …`, or nil without a note.
    public var noteLine: String? {
        note.map { text in "\(file)\(line.map { ":\($0)" } ?? ""): note: \(text)" }
    }

    /// `file:line:column: message`, as compilers print it.
    public var location: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

public struct CheckResult: Codable, Sendable, Equatable {
    public var check: String
    public var passed: Bool
    public var message: String
    public var points: Double
    public var maxPoints: Double
    /// Line of the `check(...)` call in the Markdown (the step's line when no check ran).
    public var line: Int?
    /// Set on the failed result that stands for a check step's missing `check(…)` calls; nil for
    /// a real call (and in runs stored before it existed).
    public var kind: Kind?

    public enum Kind: String, Codable, Sendable {
        /// The check step ran to its end without calling `check(…)`.
        case noneRan
    }

    public init(check: String, passed: Bool, message: String, points: Double, maxPoints: Double, line: Int? = nil, kind: Kind? = nil) {
        self.check = check
        self.passed = passed
        self.message = message
        self.points = points
        self.maxPoints = maxPoints
        self.line = line
        self.kind = kind
    }
}
