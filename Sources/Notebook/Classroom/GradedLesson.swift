import Foundation

/// What the grade store keeps of a master lesson: its slug (the key of its grades), its title
/// and its check steps in master order with their maximum points. Enough to label a stored
/// grade table without the lesson file, which may since have changed or gone.
///
/// Out: the lesson's code, params and prose; which step a check sits in.
public struct GradedLesson: Sendable {
    public var slug: String
    public var title: String
    /// Check names in master order with their maximum points. Names are unique: a name that
    /// several check steps share gets ` (2)`, ` (3)`… from its second step on, since the store
    /// keys a grading's per-check points by name.
    public var checks: [(name: String, maxPoints: Double)]

    public init(slug: String, title: String, checks: [(name: String, maxPoints: Double)]) {
        self.slug = slug
        self.title = title
        self.checks = Self.unique(checks)
    }

    /// The lesson's check steps (`//| check: NAME`, `//| points: N`, default 1 point).
    public init(master: Lesson) {
        self.init(slug: master.slug, title: master.title,
                  checks: master.steps.filter { $0.options.check != nil }.map { ($0.options.check ?? $0.name, Double($0.options.points ?? 1)) })
    }

    /// The sum of the checks' maximum points.
    public var maxPoints: Double { checks.reduce(0) { $0 + $1.maxPoints } }

    /// `names` with repeats renamed `NAME (2)`, `NAME (3)`… (skipping names already taken).
    static func unique(_ checks: [(name: String, maxPoints: Double)]) -> [(name: String, maxPoints: Double)] {
        var taken = Set<String>()
        return checks.map { check in
            var name = check.name
            var k = 1
            while taken.contains(name) {
                k += 1
                name = "\(check.name) (\(k))"
            }
            taken.insert(name)
            return (name, check.maxPoints)
        }
    }
}
