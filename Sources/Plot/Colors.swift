import Foundation

/// An sRGB colour with components in 0...1 (alpha 1 = opaque).
public struct Color: Equatable, Hashable, Sendable {
    /// Red, green, blue and alpha, each in 0...1.
    public var red: Double, green: Double, blue: Double, alpha: Double

    /// A colour from components in 0...1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// A colour from a 24-bit hex value: `Color(hex: 0x1f77b4)`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xff) / 255,
                  green: Double((hex >> 8) & 0xff) / 255,
                  blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    /// The same colour with another alpha.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Relative luminance (Rec. 709 weights on linearised sRGB), 0 = black, 1 = white;
    /// used to pick black or white text over a coloured cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    public var contrastingText: Color { luminance > 0.33 ? Color.text : Color.white }

    /// White, the background of every figure.
    public static let white = Color(hex: 0xffffff)
    /// Black.
    public static let black = Color(hex: 0x000000)
    /// The colour of text and axes (near black, softer than pure black).
    public static let text = Color(hex: 0x262626)
    /// Light gray of grid lines.
    public static let grid = Color(hex: 0xe6e6e6)
    /// The red used for wrong predictions (tab10's red).
    public static let red = Color(hex: 0xd62728)
    /// The green used for right predictions (a darker tab10 green, readable on white).
    public static let green = Color(hex: 0x1a7f1a)
    /// tab10's blue.
    public static let blue = Color(hex: 0x1f77b4)
    /// tab10's orange.
    public static let orange = Color(hex: 0xff7f0e)
    /// Mid gray.
    public static let gray = Color(hex: 0x7f7f7f)
}

/// Qualitative colours for distinct series.
public enum Palette {
    /// matplotlib's / Tableau's tab10: ten colours that stay distinct, the default series cycle.
    public static let tab10: [Color] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { Color(hex: $0) }

    /// The `index`-th colour of the default cycle (wraps around after ten).
    public static func color(_ index: Int) -> Color {
        tab10[((index % tab10.count) + tab10.count) % tab10.count]
    }
}

/// A sequential colour map: a function from 0...1 to a colour, by linear interpolation
/// between evenly spaced anchor colours.
public struct Colormap: Sendable {
    /// The colours at 0, 1/(n-1), …, 1.
    public let anchors: [Color]
    /// A short name (for descriptions).
    public let name: String

    /// A colour map through the given colours, evenly spaced.
    public init(name: String, anchors: [Color]) {
        self.name = name
        self.anchors = anchors.isEmpty ? [Color.black, Color.white] : anchors
    }

    /// The colour at `t` (clamped to 0...1; NaN gives the low end).
    public func color(_ t: Double) -> Color {
        guard anchors.count > 1 else { return anchors[0] }
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let position = clamped * Double(anchors.count - 1)
        let i = min(anchors.count - 2, Int(position))
        let f = position - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        return Color(red: a.red + (b.red - a.red) * f,
                     green: a.green + (b.green - a.green) * f,
                     blue: a.blue + (b.blue - a.blue) * f)
    }

    /// matplotlib's viridis (perceptually uniform, dark violet to yellow), sampled at 9 points.
    public static let viridis = Colormap(name: "viridis", anchors: [
        0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725,
    ].map { Color(hex: $0) })

    /// ColorBrewer's Blues (white to dark blue): the classic look of a confusion matrix.
    public static let blues = Colormap(name: "blues", anchors: [
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
    ].map { Color(hex: $0) })

    /// Black to white, for one-channel images.
    public static let gray = Colormap(name: "gray", anchors: [Color.black, Color.white])

    /// Blue - white - red, for signed values centred on zero (weights, differences).
    public static let coolwarm = Colormap(name: "coolwarm", anchors: [
        0x3b4cc0, 0x7b9ff9, 0xc0d4f5, 0xf2cbb7, 0xee8468, 0xb40426,
    ].map { Color(hex: $0) })
}
