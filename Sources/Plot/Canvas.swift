import CCairo
import ImageIO

/// Horizontal placement of text relative to its anchor point.
enum HAlign { case left, center, right }
/// Vertical placement of text relative to its anchor point: `top` puts the cap height at the
/// point, `center` centres capitals and digits on it, `baseline` sits the text on it,
/// `bottom` puts the lowest descender on it.
enum VAlign { case top, center, baseline, bottom }

/// The measured size of a piece of text (one or more lines).
struct TextSize {
    var width: Double
    /// From the top of the capitals of the first line to the bottom of the descenders of the last.
    var height: Double
}

/// A cairo drawing surface in logical points, rendered at `scale` device pixels per point.
/// Owns its surface and context; every drawing call saves and restores cairo's state.
final class Canvas {
    let width: Double
    let height: Double
    let scale: Double
    private let surface: OpaquePointer
    let cr: OpaquePointer

    /// The font family used for all text (from Debian's fonts-dejavu-core).
    static let fontFamily = "DejaVu Sans"
    /// DejaVu Sans proportions (per unit of font size), used to align text by its visible shape.
    static let capHeight = 0.729
    static let descent = 0.236
    static let lineSpacing = 1.25

    /// A white canvas of `width` x `height` points.
    init(width: Double, height: Double, scale: Double = 2) {
        self.width = width
        self.height = height
        self.scale = scale
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                             Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        cr = cairo_create(surface)
        cairo_scale(cr, scale, scale)
        // Grayscale anti-aliasing and unhinted metrics: text is smooth, and its layout does
        // not depend on the pixel grid, so the same figure always lays out the same way.
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        // paint, not a rectangle: the whole surface, even a fractional last pixel row.
        setColor(Color.white)
        cairo_paint(cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    // MARK: shapes

    func setColor(_ c: Color) {
        // NaN would put the cairo context into an error state and blank the rest of the figure.
        func unit(_ v: Double) -> Double { v.isNaN ? 0 : min(1, max(0, v)) }
        cairo_set_source_rgba(cr, unit(c.red), unit(c.green), unit(c.blue), c.alpha.isNaN ? 1 : unit(c.alpha))
    }

    func fill(_ r: Rect, _ color: Color) {
        setColor(color)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_fill(cr)
    }

    func stroke(_ r: Rect, _ color: Color, width: Double) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_stroke(cr)
    }

    func roundedRect(_ r: Rect, radius: Double, fill: Color, stroke: Color?, width: Double = 0.8) {
        let rad = min(radius, r.width / 2, r.height / 2)
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - rad, r.minY + rad, rad, -Double.pi / 2, 0)
        cairo_arc(cr, r.maxX - rad, r.maxY - rad, rad, 0, Double.pi / 2)
        cairo_arc(cr, r.minX + rad, r.maxY - rad, rad, Double.pi / 2, Double.pi)
        cairo_arc(cr, r.minX + rad, r.minY + rad, rad, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
        fillPath(fill, stroke: stroke, width: width)
    }

    /// A straight segment; `snap` moves it onto the device pixel grid so thin axis lines stay crisp.
    func line(_ a: Point, _ b: Point, _ color: Color, width: Double, dash: [Double] = [], snap: Bool = false) {
        var a = a, b = b
        if snap {
            a = snapped(a, width: width); b = snapped(b, width: width)
        }
        setColor(color)
        cairo_set_line_width(cr, width)
        setDash(dash)
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        cairo_stroke(cr)
        setDash([])
    }

    /// Centre of a line of `width` points on the device grid: odd device widths on pixel centres.
    private func snapped(_ p: Point, width: Double) -> Point {
        let deviceWidth = (width * scale).rounded()
        let offset = Int(deviceWidth) % 2 == 1 ? 0.5 : 0
        func snap(_ v: Double) -> Double { ((v * scale - offset).rounded() + offset) / scale }
        return Point(x: snap(p.x), y: snap(p.y))
    }

    /// A connected line through `points` (at least two).
    func polyline(_ points: [Point], _ color: Color, width: Double, dash: [Double] = []) {
        guard points.count >= 2 else { return }
        setColor(color)
        cairo_set_line_width(cr, width)
        setDash(dash)
        cairo_move_to(cr, points[0].x, points[0].y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        cairo_stroke(cr)
        setDash([])
    }

    func circle(_ center: Point, radius: Double, fill: Color, stroke: Color? = nil, width: Double = 0.6) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
        fillPath(fill, stroke: stroke, width: width)
    }

    /// Fills the current path, then outlines it when `stroke` is given.
    private func fillPath(_ fill: Color, stroke: Color?, width: Double) {
        setColor(fill)
        if let stroke {
            cairo_fill_preserve(cr)
            setColor(stroke)
            cairo_set_line_width(cr, width)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    private func setDash(_ dash: [Double]) {
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    /// Runs `body` with drawing restricted to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    // MARK: text

    private func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Width of one line of text.
    private func lineWidth(_ text: String, size: Double, bold: Bool) -> Double {
        selectFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// The size of `text` (lines separated by "\n") at font `size`.
    func measure(_ text: String, size: Double, bold: Bool = false) -> TextSize {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let width = lines.map { lineWidth($0, size: size, bold: bold) }.max() ?? 0
        let height = size * (Canvas.capHeight + Canvas.descent) + Double(lines.count - 1) * size * Canvas.lineSpacing
        return TextSize(width: width, height: height)
    }

    /// Draws `text` (possibly several lines) anchored at `at`, rotated by `angle` radians
    /// (counter-clockwise as seen, e.g. `-.pi/2`... positive turns clockwise in cairo's y-down space).
    func text(_ text: String, at: Point, size: Double, color: Color = .text, bold: Bool = false,
              h: HAlign = .left, v: VAlign = .baseline, angle: Double = 0) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let box = measure(text, size: size, bold: bold)
        // Baseline of the first line, relative to the anchor.
        let firstBaseline: Double
        switch v {
        case .top: firstBaseline = size * Canvas.capHeight
        case .center: firstBaseline = size * Canvas.capHeight - box.height / 2 + size * Canvas.descent / 2
        case .baseline: firstBaseline = 0
        case .bottom: firstBaseline = -(box.height - size * Canvas.capHeight)
        }
        cairo_save(cr)
        cairo_translate(cr, at.x, at.y)
        if angle != 0 { cairo_rotate(cr, angle) }
        selectFont(size: size, bold: bold)
        setColor(color)
        for (i, line) in lines.enumerated() {
            let w = lineWidth(line, size: size, bold: bold)
            let x: Double
            switch h {
            case .left: x = 0
            case .center: x = -w / 2
            case .right: x = -w
            }
            cairo_move_to(cr, x, firstBaseline + Double(i) * size * Canvas.lineSpacing)
            cairo_show_text(cr, line)
        }
        cairo_restore(cr)
    }

    /// `text` shortened with an ellipsis so that it fits in `maxWidth`.
    func truncated(_ text: String, size: Double, bold: Bool = false, maxWidth: Double) -> String {
        if lineWidth(text, size: size, bold: bold) <= maxWidth { return text }
        var chars = Array(text)
        while !chars.isEmpty {
            chars.removeLast()
            let candidate = String(chars) + "…"
            if lineWidth(candidate, size: size, bold: bold) <= maxWidth { return candidate }
        }
        return ""
    }

    // MARK: raster images

    /// Paints an 8-bit gray/RGB/RGBA image into `rect`, with nearest-neighbour sampling when
    /// enlarging (pixels stay visible, like matplotlib's imshow) and smooth sampling when shrinking.
    func draw(_ image: ImageIO.Image, in rect: Rect) {
        guard image.validate() == nil, rect.width > 0, rect.height > 0 else { return }
        let source = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height))
        defer { cairo_surface_destroy(source) }
        cairo_surface_flush(source)
        let stride = Int(cairo_image_surface_get_stride(source))
        guard let data = cairo_image_surface_get_data(source) else { return }
        let c = image.channels
        image.pixels.withUnsafeBufferPointer { px in
            for y in 0..<image.height {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<image.width {
                    let i = (y * image.width + x) * c
                    let r, g, b, a: UInt32
                    switch c {
                    case 1: r = UInt32(px[i]); g = r; b = r; a = 255
                    case 3: r = UInt32(px[i]); g = UInt32(px[i + 1]); b = UInt32(px[i + 2]); a = 255
                    default:
                        a = UInt32(px[i + 3])
                        // cairo wants premultiplied alpha.
                        r = (UInt32(px[i]) * a + 127) / 255
                        g = (UInt32(px[i + 1]) * a + 127) / 255
                        b = (UInt32(px[i + 2]) * a + 127) / 255
                    }
                    row[x] = (a << 24) | (r << 16) | (g << 8) | b
                }
            }
        }
        cairo_surface_mark_dirty(source)
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        let sx = rect.width / Double(image.width), sy = rect.height / Double(image.height)
        cairo_scale(cr, sx, sy)
        cairo_set_source_surface(cr, source, 0, 0)
        let enlarging = sx * scale >= 1 && sy * scale >= 1
        cairo_pattern_set_filter(cairo_get_source(cr), enlarging ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD)
        // Without PAD, the image edges fade into transparency when filtered.
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    // MARK: output

    /// The canvas as an 8-bit RGB image at device resolution (the background is opaque white,
    /// so dropping alpha loses nothing).
    func rgbImage() -> ImageIO.Image {
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface))
        let h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt8](repeating: 255, count: w * h * 3)
        guard let data = cairo_image_surface_get_data(surface) else {
            return ImageIO.Image(width: w, height: h, channels: 3, pixels: pixels)
        }
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<w {
                    let v = row[x]
                    let o = (y * w + x) * 3
                    out[o] = UInt8((v >> 16) & 0xff)
                    out[o + 1] = UInt8((v >> 8) & 0xff)
                    out[o + 2] = UInt8(v & 0xff)
                }
            }
        }
        return ImageIO.Image(width: w, height: h, channels: 3, pixels: pixels)
    }
}
