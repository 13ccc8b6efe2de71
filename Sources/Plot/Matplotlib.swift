import ImageIO

// matplotlib's spellings: `plot(x, y)`, `scatter(x, y)`, `yscale(.log)`, `imshow(a)`, and
// tensors (any `ShapedValues`) wherever arrays go. They draw with the same series and panels
// as `line`, `scatter(x:y:)`, `logY` and `heatmap`/`image`, which remain as aliases.

/// How an axis maps values to positions (matplotlib's `yscale("log")` is `yscale(.log)`).
public enum Scale: Sendable {
    /// Evenly spaced values (matplotlib: `yscale("linear")`, the default).
    case linear
    /// Base 10; values ≤ 0 are left out.
    case log
}

extension Axes {
    /// A line through the points (x[i], y[i]), matplotlib's `plot(x, y)` argument order.
    ///
    ///     fig.plot(epochs, losses, label: "train")
    @discardableResult
    public func plot<X: Sequence, Y: Sequence>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                               dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes
    where X.Element: PlotNumber, Y.Element: PlotNumber {
        line(y, x: x, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// A line through `y` at x = 0, 1, 2, … (`plot(y)`).
    @discardableResult
    public func plot<Y: Sequence>(_ y: Y, label: String? = nil, color: Color? = nil,
                                  dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes
    where Y.Element: PlotNumber {
        line(y, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// `plot(x, y)` with tensors: their values in row-major order.
    @discardableResult
    public func plot<X: ShapedValues, Y: ShapedValues>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                       dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes {
        line(y.valuesRowMajor, x: x.valuesRowMajor, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// `plot(y)` with a tensor.
    @discardableResult
    public func plot<Y: ShapedValues>(_ y: Y, label: String? = nil, color: Color? = nil,
                                      dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes {
        line(y.valuesRowMajor, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// Points at (x[i], y[i]), matplotlib's `scatter(x, y)`.
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                  size: Double? = nil) -> Axes where X.Element: PlotNumber, Y.Element: PlotNumber {
        scatter(x: x, y: y, label: label, color: color, size: size)
    }

    /// `scatter(x, y)` with tensors.
    @discardableResult
    public func scatter<X: ShapedValues, Y: ShapedValues>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                          size: Double? = nil) -> Axes {
        scatter(x: x.valuesRowMajor, y: y.valuesRowMajor, label: label, color: color, size: size)
    }

    /// The y axis's scale (`yscale("log")` is `yscale(.log)`); `logY()` is the older alias.
    @discardableResult
    public func yscale(_ scale: Scale) -> Axes { logY(scale == .log) }

    /// A matrix as an image in a colour map with a colour bar (matplotlib's `imshow(a)` then
    /// `colorbar()`): one coloured cell per value, unannotated, viridis by default.
    @discardableResult
    public func imshow<V: PlotNumber>(_ matrix: [[V]], colormap: Colormap = .viridis, colorbar: Bool = true,
                                      title: String? = nil) -> Axes {
        heatmap(matrix, annotate: false, title: title, colormap: colormap, colorbar: colorbar)
    }

    /// `imshow` with a tensor: [H, W] (or [1, H, W]) in a colour map with a colour bar, like
    /// the matrix form; [3, H, W] as an RGB image (PyTorch's CHW layout, no colour bar).
    @discardableResult
    public func imshow<T: ShapedValues>(_ tensor: T, colormap: Colormap = .viridis, colorbar: Bool = true,
                                        title: String? = nil) -> Axes {
        let shape = tensor.valuesShape.count == 3 && tensor.valuesShape[0] == 1
            ? Array(tensor.valuesShape.dropFirst()) : tensor.valuesShape
        let values = tensor.valuesRowMajor
        switch shape.count {
        case 2:
            let width = shape[1]
            let rows = (0..<shape[0]).map { r in Array(values[(r * width)..<((r + 1) * width)]) }
            return imshow(rows, colormap: colormap, colorbar: colorbar, title: title)
        case 3 where shape[0] == 3 || shape[0] == 4:
            return image(values, channels: shape[0], height: shape[1], width: shape[2], title: title)
        default:
            reject("imshow", "expects [H, W], [1, H, W] or [3, H, W], not shape \(tensor.valuesShape)")
            return self
        }
    }
}
