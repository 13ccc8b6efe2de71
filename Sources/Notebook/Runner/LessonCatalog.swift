import FileSystem
import Foundation

/// The lessons of a project, parsed, and the ones a command line selects.
public struct LessonCatalog {
    public let project: ProjectFolders
    /// Every lesson in the lessons folder, in order, parsed. A lesson that does not parse is
    /// left out here and reported in `problems`.
    public private(set) var lessons: [Lesson] = []
    /// Parse errors of lessons in the folder.
    public private(set) var problems: [LessonError] = []

    public init(project: ProjectFolders) throws {
        self.project = project
        for url in try LessonLocator(directory: project.lessonsDirectory).all() {
            do {
                lessons.append(try LessonParser.parse(contentsOf: url, path: displayPath(url)))
            } catch let error as LessonError {
                problems.append(error)
            }
        }
    }

    /// The lessons `names` designate (all, when empty), parsed; the first malformed one throws.
    public func select(_ names: [String]) throws -> [Lesson] {
        let locator = LessonLocator(directory: project.lessonsDirectory)
        let urls = names.isEmpty ? try locator.all() : try names.map(locator.find)
        var seen = Set<String>()
        return try urls.filter { seen.insert($0.path).inserted }.map { url in
            let path = displayPath(url)
            if let parsed = lessons.first(where: { $0.path == path }) { return parsed }
            return try LessonParser.parse(contentsOf: url, path: path)
        }
    }

    /// The lesson before and after `lesson` in the folder's order.
    public func neighbours(of lesson: Lesson) -> (previous: Lesson?, next: Lesson?) {
        guard let k = lessons.firstIndex(where: { $0.slug == lesson.slug }) else { return (nil, nil) }
        return (k > 0 ? lessons[k - 1] : nil, k + 1 < lessons.count ? lessons[k + 1] : nil)
    }

    /// Parses `--set` arguments and assigns them to `lessons`: with one lesson every name must be
    /// one of its params; with several, each name must belong to at least one of them (and
    /// applies to those).
    public static func assignParams(_ arguments: [String], to lessons: [Lesson]) throws -> [[ParamAssignment]] {
        let overrides = try arguments.map { argument in
            guard let override = ParamOverride(argument: argument) else {
                throw LessonError(file: "--set", line: nil, message: "`\(argument)` should read name=value (e.g. --set epochs=3)")
            }
            return override
        }
        if lessons.count == 1 { return [try lessons[0].assigningParams(overrides)] }
        for override in overrides where !lessons.contains(where: { $0.params.contains { $0.name == override.name } }) {
            throw LessonError(file: "--set", line: nil, message: "no selected lesson has a param `\(override.name)`")
        }
        return try lessons.map { try $0.assigningParams(overrides, ignoringUnknown: true) }
    }
}
