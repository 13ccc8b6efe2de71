import Foundation

extension PNG {
    /// Decodes PNG bytes held in a `Data` (see `decode(data:name:)` for `[UInt8]`).
    public static func decode(data: Data, name: String = "<memory>") throws -> Image {
        try decode(data: [UInt8](data), name: name)
    }
}
