import LessonRuntime

/// The results cache key: everything that decides what a lesson's run produces, and nothing
/// else. Prose is left out (editing it only re-renders), and so are the steps' line numbers
/// (results are moved to new lines on reuse, see `LineRemapper`).
enum CacheKey {
    /// Bump when the stored results' format or meaning changes (2: a run keeps every compile error).
    static let version = "lessons-results-2"

    static func result(lesson: Lesson, params: [ParamAssignment], buildFingerprint: String,
                       dataFingerprint: String, compilerFlags: [String]) -> String {
        var hasher = SHA256()
        let field = { (name: String, value: String) in hasher.update("\(name)\u{0}\(value.utf8.count)\u{0}\(value)\u{0}") }
        field("version", version)
        for step in lesson.steps {
            field("options", options(step.options))
            field("code", step.code)
        }
        for param in params { field("param", "\(param.name):\(param.value.swiftType)=\(param.value)") }
        field("build", buildFingerprint)
        field("data", dataFingerprint)
        field("flags", compilerFlags.joined(separator: " "))
        return hasher.hexDigest()
    }

    /// A fingerprint of each input apart, named as a cache miss explains itself: `code` (the
    /// steps' code and options), `params`, `data` and `engine` (the build, compiler flags and
    /// the results format).
    static func parts(lesson: Lesson, params: [ParamAssignment], buildFingerprint: String,
                      dataFingerprint: String, compilerFlags: [String]) -> [String: String] {
        let code = lesson.steps.map { options($0.options) + "\u{0}" + $0.code }.joined(separator: "\u{1}")
        let params = params.map { "\($0.name):\($0.value.swiftType)=\($0.value)" }.joined(separator: "\u{0}")
        return ["code": SHA256.hex(code), "params": SHA256.hex(params), "data": SHA256.hex(dataFingerprint),
                "engine": SHA256.hex([version, buildFingerprint, compilerFlags.joined(separator: " ")].joined(separator: "\u{0}"))]
    }

    /// Why a run with `parts` could not reuse the result stored with `previous`: the inputs
    /// that changed, in a fixed order, or nil when none did.
    static func changed(from previous: [String: String]?, to parts: [String: String]) -> [String]? {
        guard let previous else { return nil }
        let changed = ["code", "params", "data", "engine"].filter { previous[$0] != parts[$0] }
        return changed.isEmpty ? nil : changed
    }

    /// A step's options as the key holds them, in `StepOption`'s order.
    static func options(_ options: StepOptions) -> String {
        StepOption.allCases.map { $0.keyText(of: options) }.joined(separator: "|")
    }
}
