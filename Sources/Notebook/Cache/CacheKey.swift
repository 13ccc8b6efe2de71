import LessonRuntime

/// The results cache key: everything that decides what a lesson's run produces, and nothing
/// else. Prose is left out (editing it only re-renders), and so are the steps' line numbers
/// (results are moved to new lines on reuse, see `LineRemapper`).
enum CacheKey {
    /// Bump when the stored results' format or meaning changes.
    static let version = "lessons-results-1"

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

    private static func options(_ o: StepOptions) -> String {
        [o.id ?? "", "\(o.echo)", "\(o.cache)", "\(o.exercise)", o.check ?? "", o.points.map(String.init) ?? "",
         "\(o.expectError)", o.timeout.map { "\($0)" } ?? ""].joined(separator: "|")
    }
}
