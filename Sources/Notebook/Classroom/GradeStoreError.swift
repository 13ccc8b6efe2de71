import Foundation

/// A grade store that cannot be opened, read or written: names the database file, says what was
/// being done, and gives SQLite's own message when there is one.
public struct GradeStoreError: Error, CustomStringConvertible, LocalizedError {
    /// The database file as messages name it.
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
    public var errorDescription: String? { description }
}
