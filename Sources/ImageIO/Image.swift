/// An 8-bit raster image held in memory: `height` rows of `width` pixels, each pixel
/// `channels` bytes interleaved (1 = gray, 3 = RGB, 4 = RGBA, alpha not premultiplied).
///
/// `pixels[(y * width + x) * channels + c]` is channel `c` of the pixel in column `x`, row `y`
/// (row 0 at the top).
public struct Image: Equatable, Hashable, Sendable {
    /// Pixels per row.
    public var width: Int
    /// Number of rows.
    public var height: Int
    /// Bytes per pixel: 1 (gray), 3 (RGB) or 4 (RGBA).
    public var channels: Int
    /// Row-major, interleaved samples; `width * height * channels` bytes.
    public var pixels: [UInt8]

    /// An image from its samples. The sizes are checked when the image is encoded
    /// (see `validate()`), so building one never traps.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image of one colour: `fill` holds one value per channel (a shorter list repeats its last value).
    public init(width: Int, height: Int, channels: Int, fill: [UInt8] = [0]) {
        let w = max(0, width), h = max(0, height), c = max(1, channels)
        var pixel = [UInt8](repeating: fill.last ?? 0, count: c)
        for i in 0..<min(c, fill.count) { pixel[i] = fill[i] }
        var pixels = [UInt8]()
        pixels.reserveCapacity(w * h * c)
        for _ in 0..<(w * h) { pixels.append(contentsOf: pixel) }
        self.init(width: w, height: h, channels: c, pixels: pixels)
    }

    /// The samples of the pixel at column `x`, row `y` (one per channel).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let start = (y * width + x) * channels
        return Array(pixels[start..<(start + channels)])
    }

    /// Why this image cannot be encoded, or nil when it is consistent.
    public func validate() -> String? {
        if width <= 0 || height <= 0 { return "image has no pixels (\(width)x\(height))" }
        if ![1, 3, 4].contains(channels) { return "unsupported channel count \(channels) (expected 1, 3 or 4)" }
        if width > Int(Int32.max) / 4 || height > Int(Int32.max) / 4 {
            return "image too large (\(width)x\(height))"
        }
        let expected = width * height * channels
        if pixels.count != expected {
            return "pixel count \(pixels.count) does not match \(width)x\(height)x\(channels) = \(expected)"
        }
        return nil
    }
}
