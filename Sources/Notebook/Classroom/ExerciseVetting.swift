import Foundation

/// What a graded copy's exercise bodies may not do, checked with the compiler's own parser
/// before the copy's program is built. The master's check steps call the student's code and
/// the libraries; a body must not be able to change what those calls mean:
/// - it must be whole Swift on its own (`swiftc -dump-parse`): a brace, comment or string left
///   open for a later step to close would swallow the master's code in between;
/// - no `extension` (a member declared there shadows the library's member of the same
///   signature, `xs.reduce` or `t.allclose` included), and no top-level operator function;
/// - no top-level declaration whose name the imported modules already have (`Int`, `print`,
///   `Tensor`, `check`…): the probe compiles `_ = NAME` against the same build, and every name
///   that is found there is refused;
/// - no `@testable` import and no underscored attribute (`@_silgen_name` reaches symbols by
///   their mangled names).
/// Deliberately out: anything inside a function body, which runs only when called and cannot
/// change name lookup outside it.
struct ExerciseVetting {
    var compiler: Compiler
    var interruption: Interruption?
    /// Names already probed against this build (shared by a grader's copies, which mostly
    /// declare the same names): the probe is the slow part.
    var known: KnownNames = KnownNames()

    /// Name → whether the libraries have it, for one build; safe to share between threads.
    final class KnownNames: @unchecked Sendable {
        private let lock = NSLock()
        private var taken: [String: Bool] = [:]

        func lookup(_ name: String) -> Bool? { lock.lock(); defer { lock.unlock() }; return taken[name] }
        func remember(_ name: String, taken value: Bool) { lock.lock(); taken[name] = value; lock.unlock() }
    }

    /// Every problem of the exercise steps of `lesson` (the copy's Markdown lines), or none.
    func problems(in lesson: Lesson, folder: URL) throws -> [Diagnostic] {
        let exercises = lesson.steps.filter { $0.options.exercise && !$0.code.isEmpty }
        guard !exercises.isEmpty else { return [] }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try compiler.sandbox?.handOver([folder])
        var names: [(name: String, step: Step, line: Int)] = []
        for step in exercises {
            func refuse(_ line: Int, _ message: String) -> [Diagnostic] {
                [Diagnostic(file: lesson.path, line: line, column: nil,
                            message: "exercise `\(step.name)`: \(message) (not allowed in a graded copy)")]
            }
            for (offset, text) in step.code.components(separatedBy: "\n").enumerated() {
                if text.contains("@testable") { return refuse(step.line + offset, "`@testable import` reaches the runtime's internals") }
                if text.contains("@_") { return refuse(step.line + offset, "underscored attributes (`@_…`) reach past the language's rules") }
            }
            let file = folder.appendingPathComponent("step-\(step.index + 1).swift")
            try Data(step.code.utf8).write(to: file)
            let parse = try compiler.run(["-dump-parse", file.path], writable: [folder], in: folder, interruption: interruption)
            guard parse.succeeded else {
                let errors = CompilerDiagnostics.errors(in: parse.output, lessonPath: file.path, generatedFile: file.path)
                let first = errors.first
                let line = step.line + (first?.line ?? 1) - 1
                return refuse(line, "not complete Swift on its own (every brace, comment and string must close inside the step): "
                                    + (first?.message ?? "the parser failed"))
            }
            // Attributes: only the harmless ones. `@used @section(".init_array")` would run the
            // copy's code before `main`, before the runtime has taken its key; `@convention(c)`
            // makes C function pointers for such tables; custom attributes run macros or wrappers.
            for attribute in Self.attributes(in: parse.output) where !Self.allowedAttributes.contains(attribute) {
                let name = attribute.replacingOccurrences(of: "_attr", with: "").replacingOccurrences(of: "_", with: " ")
                return refuse(step.line, "the attribute `\(name)` is not one an exercise may use (allowed: @discardableResult, @inlinable, @inline, @available and modifiers such as final, override, private)")
            }
            if parse.output.contains("@convention") { return refuse(step.line, "`@convention` makes C function pointers, which an exercise does not need") }
            for decl in Self.topLevelDeclarations(parse.output) {
                let line = step.line + decl.line - 1
                switch decl.kind {
                case "extension_decl": return refuse(line, "an `extension` of \(decl.name) could change what the checks call on it")
                case "func_decl" where !(decl.name.first.map { $0.isLetter || $0 == "_" } ?? true):
                    return refuse(line, "a top-level operator `\(decl.name)` could change how the checks compare (declare it inside your type)")
                case "import_decl", "top_level_code_decl", "pattern_binding_decl": continue
                default: names.append((decl.name, step, line))
                }
            }
        }
        guard !names.isEmpty else { return [] }
        // One probe for every name not seen before: a name the libraries already have type-checks (or is ambiguous).
        let unique = Array(Set(names.map(\.name))).filter { known.lookup($0) == nil }.sorted()
        if !unique.isEmpty { try probe(unique, folder: folder, lesson: lesson) }
        if let clash = names.first(where: { known.lookup($0.name) == true }) {
            return [Diagnostic(file: lesson.path, line: clash.line, column: nil,
                               message: "exercise `\(clash.step.name)`: `\(clash.name)` is already a name of Swift or of the course's libraries; "
                                   + "a graded copy may not declare it again at the top level (rename it)")]
        }
        return []
    }

    /// Type-checks `_ = NAME` for each of `unique` against the build and remembers which exist.
    private func probe(_ unique: [String], folder: URL, lesson: Lesson) throws {
        let probe = folder.appendingPathComponent("probe.swift")
        let source = "import Foundation\nimport Engine\nimport Plot\nimport LessonRuntime\n"
            + unique.map { "_ = \($0)\n" }.joined()
        try Data(source.utf8).write(to: probe)
        let output = try compiler.run(compiler.moduleFlags + ["-typecheck", probe.path], writable: [folder], in: folder, interruption: interruption).output
        // Every error must sit on a name's line; anything else means the probe itself failed,
        // and a failed probe must not pass for "every name is taken" (nor for "none is").
        let errorLines = output.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        let stray = errorLines.filter { line in
            guard line.hasPrefix(probe.path + ":"), let number = Int(line.dropFirst(probe.path.count + 1).prefix { $0.isNumber }) else { return true }
            return number < 5
        }
        guard stray.isEmpty else {
            throw LessonError(file: lesson.path, line: nil, message: "the grader could not check the copy's names: \(stray.joined(separator: "; "))")
        }
        for name in unique { known.remember(name, taken: !output.contains("cannot find '\(name)' in scope")) }
    }

    /// Declaration attributes an exercise may carry, as `-dump-parse` names them.
    /// Modifiers (`final`, `override`, `private`, `lazy`, `weak`…) count among them. Out: `dynamic`
    /// (replaceable at run time), `@used`, `@section`, `@objc`, `@main`, custom attributes and every other one.
    static let allowedAttributes: Set<String> = [
        "available_attr", "discardable_result_attr", "inlinable_attr", "inline_attr",
        "access_control_attr", "convenience_attr", "final_attr", "indirect_attr", "lazy_attr", "mutating_attr",
        "non_mutating_attr", "nonisolated_attr", "override_attr", "reference_ownership_attr", "required_attr",
        "setter_access_attr", "frozen_attr", "unchecked_attr",
    ]

    /// Every declaration attribute in `-dump-parse` output (`section_attr`, `used_attr`, `custom_attr`…).
    static func attributes(in dump: String) -> [String] {
        var found: [String] = []
        for line in dump.components(separatedBy: "\n") {
            for token in line.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }) where token.hasSuffix("_attr") && token.allSatisfy({ $0.isLetter || $0 == "_" }) {
                found.append(String(token))
            }
        }
        return found
    }

    /// Direct children of the source file in `-dump-parse` output: kind, name and line.
    static func topLevelDeclarations(_ dump: String) -> [(kind: String, name: String, line: Int)] {
        dump.components(separatedBy: "\n").compactMap { text in
            guard text.hasPrefix("  ("), !text.hasPrefix("   ") else { return nil }
            let kind = String(text.dropFirst(3).prefix { $0 != " " && $0 != ")" })
            let line = text.range(of: #"\.swift:(\d+):"#, options: .regularExpression)
                .map { Int(text[$0].dropFirst(7).dropLast()) ?? 1 } ?? 1
            // The name is the first quoted string after the range; functions keep only their base name.
            var name = ""
            if let after = text.range(of: "] ") {
                let rest = text[after.upperBound...]
                if let open = rest.firstIndex(of: "\""), let close = rest[rest.index(after: open)...].firstIndex(of: "\"") {
                    name = String(rest[rest.index(after: open)..<close])
                } else if rest.hasPrefix("unbound ") || rest.hasPrefix("bound ") {
                    name = String(rest.drop { $0 != "\"" })
                }
            }
            if kind == "extension_decl", let quoted = text.split(separator: "\"").dropFirst().first { name = String(quoted) }
            if kind == "func_decl", let paren = name.firstIndex(of: "(") { name = String(name[..<paren]) }
            return (kind, name, line)
        }
    }
}
