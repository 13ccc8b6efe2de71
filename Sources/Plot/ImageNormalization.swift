import ImageIO

/// How float pixel values become displayable intensities in 0...1.
public enum Normalization: Sendable {
    /// `.clip` when every value is already in 0...1, `.minMax` otherwise.
    case auto
    /// Values outside 0...1 are clipped.
    case clip
    /// The smallest value becomes black, the largest white (per image).
    case minMax
    /// Undoes `transforms.normalize(mean:std:)`: each channel c becomes `v * std[c] + mean[c]`, then clipped.
    /// One value applies to all channels.
    case meanStd(mean: [Double], std: [Double])
    /// Values from `lo` (black) to `hi` (white), e.g. `.range(0, 255)` for raw bytes.
    case range(Double, Double)

    /// ImageNet's mean and standard deviation, as used by torchvision's pretrained models.
    public static let imagenet = Normalization.meanStd(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// MNIST's mean and standard deviation (0.1307, 0.3081).
    public static let mnist = Normalization.meanStd(mean: [0.1307], std: [0.3081])
}

/// Converts a CHW float image to an 8-bit HWC `Image`: gray (or through `colormap`) for one
/// channel, RGB for three, RGBA for four. Returns the problem instead when the sizes are wrong.
func makeImage(_ pixels: [Double], channels: Int, height: Int, width: Int,
               normalize: Normalization, colormap: Colormap?) -> Result<Image, PlotInputError> {
    guard [1, 3, 4].contains(channels) else {
        return .failure(PlotInputError("channels is \(channels); expected 1 (gray), 3 (RGB) or 4 (RGBA)"))
    }
    guard height > 0, width > 0 else {
        return .failure(PlotInputError("image size \(height)x\(width) has no pixels"))
    }
    let plane = height * width
    guard pixels.count == channels * plane else {
        return .failure(PlotInputError("expected \(channels)x\(height)x\(width) = \(channels * plane) values (CHW), got \(pixels.count)"))
    }

    // Map every value to 0...1 (NaN stays NaN and is shown black).
    var unit = pixels
    switch normalize {
    case .clip:
        break
    case .auto, .minMax:
        let finite = pixels.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let inUnit = lo >= 0 && hi <= 1
        if case .minMax = normalize, hi > lo {
            unit = pixels.map { ($0 - lo) / (hi - lo) }
        } else if case .auto = normalize, !inUnit, hi > lo {
            unit = pixels.map { ($0 - lo) / (hi - lo) }
        }
    case .range(let lo, let hi):
        let span = hi - lo
        unit = pixels.map { span != 0 ? ($0 - lo) / span : 0 }
    case .meanStd(let mean, let std):
        for c in 0..<channels {
            let m = mean.isEmpty ? 0 : mean[min(c, mean.count - 1)]
            let s = std.isEmpty ? 1 : std[min(c, std.count - 1)]
            for i in (c * plane)..<((c + 1) * plane) { unit[i] = pixels[i] * s + m }
        }
    }
    func byte(_ v: Double) -> UInt8 { v.isNaN ? 0 : UInt8((min(1, max(0, v)) * 255).rounded()) }

    if channels == 1, let colormap, colormap.name != "gray" {
        var out = [UInt8](repeating: 0, count: plane * 3)
        for i in 0..<plane {
            let c = colormap.color(unit[i])
            out[i * 3] = byte(c.red); out[i * 3 + 1] = byte(c.green); out[i * 3 + 2] = byte(c.blue)
        }
        return .success(Image(width: width, height: height, channels: 3, pixels: out))
    }
    // CHW → HWC.
    var out = [UInt8](repeating: 0, count: plane * channels)
    for c in 0..<channels {
        for i in 0..<plane { out[i * channels + c] = byte(unit[c * plane + i]) }
    }
    return .success(Image(width: width, height: height, channels: channels, pixels: out))
}

/// A problem with data handed to a figure (wrong sizes, no values).
public struct PlotInputError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, in words.
    public var description: String
    init(_ description: String) { self.description = description }
}
