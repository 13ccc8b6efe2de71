import ArgumentParser
import Notebook

/// `--from STEP`, for the commands that can start a lesson in the middle (`run`, `step`): the
/// steps share their state, so the earlier ones run first.
struct FromOptions: ParsableArguments {
    @Option(name: .customLong("from"),
            help: ArgumentHelp("Start at this step (its number, from 1, or its id); the earlier steps run first, to rebuild its state.", valueName: "step"))
    var step: String?

    /// The index of the step `--from` names in `lesson` (nil without `--from`), or an error
    /// listing the steps; `purpose` says what the step is for ("run from", "start from").
    func index(in lesson: Lesson, purpose: String) throws -> Int? {
        try step.map { try StepThrough.fromStep($0, in: lesson, purpose: purpose) }
    }
}
