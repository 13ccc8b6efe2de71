import Foundation

/// A graded assertion in an exercise step (`//| check: NAME` with `//| points: N`).
/// A failed check does not stop the step; the step's points are shared equally among its
/// checks, so passing 2 of 3 checks earns 2/3 of the points.
///
///     check(model.parameterCount == 101_770, "the model has 101,770 parameters")
@discardableResult
public func check(_ condition: Bool, _ message: String, line: Int = #line) -> Bool {
    var event = RuntimeEvent("check")
    event.passed = condition
    event.message = message
    event.line = line
    EventWriter.send(event)
    return condition
}
