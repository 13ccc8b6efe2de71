import XCTest
@testable import Plot
import ImageIO

/// Looking at rendered figures: find colours, count them, locate them.
extension Image {
    /// RGB of the pixel at (x, y).
    func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * channels
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }

    /// Whether the pixel is within `tolerance` (per channel) of `color`.
    func matches(_ x: Int, _ y: Int, _ color: Color, tolerance: Int = 3) -> Bool {
        let (r, g, b) = rgb(x, y)
        return abs(r - Int((color.red * 255).rounded())) <= tolerance
            && abs(g - Int((color.green * 255).rounded())) <= tolerance
            && abs(b - Int((color.blue * 255).rounded())) <= tolerance
    }

    /// How many pixels are (nearly) `color`.
    func count(_ color: Color, tolerance: Int = 3) -> Int {
        let r = Int((color.red * 255).rounded()), g = Int((color.green * 255).rounded()), b = Int((color.blue * 255).rounded())
        return pixels.withUnsafeBufferPointer { p in
            var n = 0, i = 0
            while i < p.count {
                if abs(Int(p[i]) - r) <= tolerance && abs(Int(p[i + 1]) - g) <= tolerance && abs(Int(p[i + 2]) - b) <= tolerance { n += 1 }
                i += channels
            }
            return n
        }
    }

    /// The bounding box (minX, minY, maxX, maxY) of pixels matching `color`, or nil.
    func bounds(of color: Color, tolerance: Int = 3) -> (Int, Int, Int, Int)? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where matches(x, y, color, tolerance: tolerance) {
                minX = min(minX, x); minY = min(minY, y); maxX = max(maxX, x); maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX, maxY)
    }

    /// Number of separate runs of `color` along row `y`.
    func runs(of color: Color, row y: Int, tolerance: Int = 3) -> Int {
        var n = 0, inside = false
        for x in 0..<width {
            let m = matches(x, y, color, tolerance: tolerance)
            if m && !inside { n += 1 }
            inside = m
        }
        return n
    }
}
