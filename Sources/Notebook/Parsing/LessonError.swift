/// A problem with a lesson file or with how it was asked to run (bad front matter, unknown step
/// option, `--set` of an unknown param…). Printed as `lessons/NAME.md:LINE: message`; the
/// command line exits with status 2.
public struct LessonError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
