import ArgumentParser
import Notebook

/// `--set name=value`, the same for every command that runs lessons with other params.
struct ParamOptions: ParsableArguments {
    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a param, type-checked against its default (repeatable): --set epochs=3", valueName: "name=value"))
    var overrides: [String] = []

    /// The params of each of `lessons` with the overrides applied (`LessonCatalog.assignParams`).
    func assign(to lessons: [Lesson]) throws -> [[ParamAssignment]] {
        try LessonCatalog.assignParams(overrides, to: lessons)
    }
}
