/// A PNG that could not be read or written: names the file (or `<memory>`) and what is wrong,
/// e.g. `data/x.png: not a PNG file (bad signature)`.
public struct PNGError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the error concerns, or a name given by the caller for in-memory data.
    public var file: String
    /// What went wrong, in words.
    public var message: String

    /// An error about `file`.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// `file: message`.
    public var description: String { "\(file): \(message)" }
}
