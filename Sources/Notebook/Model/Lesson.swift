import Foundation

// The parsed form of a lesson: what the Markdown file says, with line numbers.
// Produced by the parser, consumed by program generation and the report.

/// One lesson file: front matter, then prose and steps in document order.
public struct Lesson: Sendable, Equatable {
    /// Path as given on the command line or found in `lessons/` (used in messages: `lessons/04-x.md:87`).
    public var path: String
    /// File name without `.md`, e.g. `04-resnet-cifar10`; names the output folder.
    public var slug: String
    public var title: String
    /// Parameters in front-matter order, with their defaults (before `--set` overrides).
    public var params: [LessonParam]
    /// Datasets the lesson says it uses (`data: [cifar10]`).
    public var data: [String]
    /// The Markdown line of the front matter's `data:` key, for warnings about it.
    public var dataLine: Int? = nil
    public var blocks: [LessonBlock]

    public init(path: String, slug: String, title: String, params: [LessonParam], data: [String], blocks: [LessonBlock]) {
        self.path = path
        self.slug = slug
        self.title = title
        self.params = params
        self.data = data
        self.blocks = blocks
    }

    /// The steps, in order.
    public var steps: [Step] {
        blocks.compactMap { if case .step(let s) = $0 { return s } else { return nil } }
    }

    /// The step whose code covers Markdown line `line` (`Step.lines`); nil between steps.
    public func step(containingLine line: Int) -> Step? {
        steps.first { $0.lines.contains(line) }
    }
}

/// A piece of the lesson in document order.
public enum LessonBlock: Sendable, Equatable {
    /// CommonMark text (with GitHub tables), starting at `line` of the file.
    case prose(markdown: String, line: Int)
    case step(Step)
}

/// One ```swift block.
public struct Step: Sendable, Equatable {
    /// 0-based position among the lesson's steps.
    public var index: Int
    /// The code without its `//|` option lines.
    public var code: String
    /// Line in the Markdown file of the first line of `code`.
    public var line: Int
    public var options: StepOptions

    public init(index: Int, code: String, line: Int, options: StepOptions) {
        self.index = index
        self.code = code
        self.line = line
        self.options = options
    }

    /// The step's id, or `step-N` (1-based) when it has none.
    public var name: String { options.id ?? "step-\(index + 1)" }
}

/// The `//| key: value` lines at the top of a step.
public struct StepOptions: Sendable, Equatable {
    public var id: String?
    /// Show the code in the report (default true); the step runs either way.
    public var echo = true
    /// Allow reusing this step's cached result (default true).
    public var cache = true
    /// An exercise step: holds `// BEGIN SOLUTION … // END SOLUTION` in the master copy.
    public var exercise = false
    /// A graded check, with its name and points.
    public var check: String?
    public var points: Int?
    /// The step must fail (for teaching); it passes only if it does.
    public var expectError = false
    /// Seconds the step may take before it is stopped.
    public var timeout: Double?

    public init() {}
}

/// A front-matter parameter and its typed default.
public struct LessonParam: Sendable, Equatable {
    public var name: String
    public var value: ParamValue
    /// Line of its definition in the front matter.
    public var line: Int

    public init(name: String, value: ParamValue, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

/// A parameter's value; the type of the default fixes the type of every override.
public enum ParamValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .float(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let v): return v
        }
    }

    /// The Swift type a generated program declares it with.
    public var swiftType: String {
        switch self {
        case .int: return "Int"
        case .float: return "Float"
        case .bool: return "Bool"
        case .string: return "String"
        }
    }
}
