import CPNG
import FileSystem

/// PNG reading and writing through libpng's simplified API (`png_image_*`), which reports
/// errors in `png_image.message` instead of longjmp-ing out of our frames.
public enum PNG {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The largest decoded image accepted (bytes), so a corrupt header cannot ask for terabytes.
    static let maxDecodedBytes = 1 << 30

    // MARK: reading

    /// Reads the PNG file at `path` (any kind libpng reads: gray, gray+alpha, palette,
    /// RGB, RGBA, 1 to 16 bits). See `decode(data:name:)` for the pixel format returned.
    public static func read(path: String) throws -> Image {
        try decode(data: FileContents.read(path), name: path)
    }

    /// Decodes PNG bytes into an 8-bit image: gray stays 1 channel, colour becomes RGB (3),
    /// anything with transparency (alpha channel or tRNS) becomes RGBA (4, gray+alpha is expanded),
    /// palettes are expanded, 16-bit samples are scaled to 8 bits.
    /// `name` is the file named in errors.
    public static func decode(data: [UInt8], name: String = "<memory>") throws -> Image {
        guard data.count >= 8, Array(data[0..<8]) == signature else {
            throw PNGError(file: name, message: data.isEmpty ? "empty file, not a PNG" : "not a PNG file (bad signature)")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }

        let begun = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        if begun == 0 { throw failure(image, name: name, doing: "corrupt PNG") }

        // 16-bit files without gamma information hold sRGB values in practice; without this
        // flag libpng would treat them as linear and brighten them on the way to 8 bits.
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)

        let hasColor = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let channels = hasAlpha ? 4 : (hasColor ? 3 : 1)
        image.format = (channels >= 3 ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0)
            | (channels == 4 ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)

        let width = Int(image.width), height = Int(image.height)
        let (size, overflow) = (width * channels).multipliedReportingOverflow(by: height)
        if overflow || size > maxDecodedBytes {
            throw PNGError(file: name, message: "image too large (\(width)x\(height))")
        }
        var pixels = [UInt8](repeating: 0, count: size)
        let finished = data.withUnsafeBytes { _ in
            pixels.withUnsafeMutableBytes {
                png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * channels), nil)
            }
        }
        if finished == 0 { throw failure(image, name: name, doing: "corrupt PNG") }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    // MARK: writing

    /// Encodes an image as PNG (8-bit gray, RGB or RGBA, default compression, no timestamp),
    /// so identical images give byte-identical files. Throws when the image is inconsistent
    /// (pixel count, channels, zero size).
    public static func encode(_ image: Image) throws -> [UInt8] {
        try encode(image, name: "<memory>")
    }

    /// Writes `image` as a PNG file at `path` atomically (temporary file in the same folder,
    /// then rename), so a crash never leaves half a file.
    public static func write(_ image: Image, path: String) throws {
        let bytes = try encode(image, name: path)
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let error as FileWriteError {
            throw PNGError(file: path, message: "cannot write: \(error.reason)")
        }
    }

    static func encode(_ source: Image, name: String) throws -> [UInt8] {
        if let problem = source.validate() { throw PNGError(file: name, message: "cannot encode: \(problem)") }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(source.width)
        image.height = UInt32(source.height)
        image.format = (source.channels >= 3 ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0)
            | (source.channels == 4 ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        let stride = Int32(source.width * source.channels)

        // First pass measures, second pass writes into a buffer of that size.
        var size = 0
        var ok = source.pixels.withUnsafeBytes {
            png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, stride, nil)
        }
        if ok == 0 { throw failure(image, name: name, doing: "cannot encode") }
        var output = [UInt8](repeating: 0, count: size)
        ok = source.pixels.withUnsafeBytes { input in
            output.withUnsafeMutableBytes {
                png_image_write_to_memory(&image, $0.baseAddress, &size, 0, input.baseAddress, stride, nil)
            }
        }
        png_image_free(&image)
        if ok == 0 { throw failure(image, name: name, doing: "cannot encode") }
        return Array(output[0..<size])
    }

    // MARK: errors

    /// The libpng message recorded in `image`, phrased for people.
    static func failure(_ image: png_image, name: String, doing: String) -> PNGError {
        var message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if message.isEmpty { message = "unknown libpng error" }
        if message.contains("beyond end") || message.contains("Not enough image data") || message.contains("Read Error") {
            return PNGError(file: name, message: "truncated PNG: the file ends before the image is complete")
        }
        return PNGError(file: name, message: "\(doing) (libpng: \(message))")
    }
}
