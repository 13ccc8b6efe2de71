/// Stops the program with `message` when `condition` is false: the engine's check of its
/// callers' input (shapes, ranges, arguments).
///
/// Not `precondition`: the engine is built with -Ounchecked, where a precondition is not
/// even evaluated (the optimiser assumes it holds), and -O drops its message. A lesson
/// with a shape mistake must stop with this message, not run on into undefined behaviour.
@inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
