import Foundation

/// The `check` of a `//| check: NAME` step: a graded assertion. A failed check does not stop
/// the step; the step's points are shared equally among its checks, so passing 2 of 3 checks
/// earns 2/3 of the points.
///
///     check(model.parameterCount == 101_770, "the model has 101,770 parameters")
///
/// The generated program makes one per check step and binds it to a local `check` around the
/// step's code; lesson code cannot make one (it needs the program's session).
public struct CheckRecorder {
    let step: Int
    let session: LessonSession

    @discardableResult
    public func callAsFunction(_ condition: Bool, _ message: String, line: Int = #line) -> Bool {
        EventWriter.send(.check(step: step, passed: condition, message: message, line: line), by: session)
        return condition
    }
}

/// Outside a check step there is no `check`: say where it belongs.
@available(*, unavailable, message: "check(…) grades a step marked `//| check: NAME`; it is not available in other steps")
public func check(_ condition: Bool, _ message: String, line: Int = #line) -> Bool { condition }
