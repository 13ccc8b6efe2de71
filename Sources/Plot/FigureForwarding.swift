import ImageIO

/// The panel methods, callable on the figure itself: they draw in the first panel, which is
/// the only one of a `Figure(title:)`. Each returns the figure, so calls chain.
extension Figure {
    /// See `Axes.line(_:label:color:dashed:markers:width:)`.
    @discardableResult
    public func line<Y: Sequence>(_ y: Y, label: String? = nil, color: Color? = nil,
                                    dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure where Y.Element: PlotNumber {
        main.line(y, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.line(_:x:label:color:dashed:markers:width:)`.
    @discardableResult
    public func line<Y: Sequence, X: Sequence>(_ y: Y, x: X, label: String? = nil, color: Color? = nil,
                                                   dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure where Y.Element: PlotNumber, X.Element: PlotNumber {
        main.line(y, x: x, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.hline(_:label:color:dashed:)`.
    @discardableResult
    public func hline(_ y: Double, label: String? = nil, color: Color? = nil, dashed: Bool = true) -> Figure {
        main.hline(y, label: label, color: color, dashed: dashed); return self
    }

    /// See `Axes.vline(_:label:color:dashed:)`.
    @discardableResult
    public func vline(_ x: Double, label: String? = nil, color: Color? = nil, dashed: Bool = true) -> Figure {
        main.vline(x, label: label, color: color, dashed: dashed); return self
    }

    /// See `Axes.scatter(x:y:label:color:size:)`.
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(x: X, y: Y, label: String? = nil, color: Color? = nil,
                                                      size: Double? = nil) -> Figure where X.Element: PlotNumber, Y.Element: PlotNumber {
        main.scatter(x: x, y: y, label: label, color: color, size: size); return self
    }

    /// See `Axes.scatter(x:y:groups:names:size:)`.
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(x: X, y: Y, groups: [Int], names: [String]? = nil,
                                                      size: Double? = nil) -> Figure where X.Element: PlotNumber, Y.Element: PlotNumber {
        main.scatter(x: x, y: y, groups: groups, names: names, size: size); return self
    }

    /// See `Axes.bar(values:labels:label:color:annotate:)`.
    @discardableResult
    public func bar<V: Sequence>(values: V, labels: [String]? = nil, label: String? = nil,
                                   color: Color? = nil, annotate: Bool = false) -> Figure where V.Element: PlotNumber {
        main.bar(values: values, labels: labels, label: label, color: color, annotate: annotate); return self
    }

    /// See `Axes.image(_:channels:height:width:title:normalize:colormap:)`.
    @discardableResult
    public func image<V: PlotNumber>(_ pixels: [V], channels: Int = 1, height: Int, width: Int,
                                     title: String? = nil, normalize: Normalization = .auto,
                                     colormap: Colormap? = nil) -> Figure {
        main.image(pixels, channels: channels, height: height, width: width, title: title,
                   normalize: normalize, colormap: colormap)
        return self
    }

    /// See `Axes.image(_:title:)`.
    @discardableResult
    public func image(_ image: Image, title: String? = nil) -> Figure {
        main.image(image, title: title); return self
    }

    /// See `Axes.imageGrid(_:channels:height:width:captions:wrong:captionColors:columns:title:normalize:colormap:)`.
    @discardableResult
    public func imageGrid<V: PlotNumber>(_ images: [[V]], channels: Int = 1, height: Int, width: Int,
                                         captions: [String]? = nil, wrong: [Bool]? = nil,
                                         captionColors: [Color]? = nil, columns: Int? = nil,
                                         title: String? = nil, normalize: Normalization = .auto,
                                         colormap: Colormap? = nil) -> Figure {
        main.imageGrid(images, channels: channels, height: height, width: width, captions: captions, wrong: wrong,
                       captionColors: captionColors, columns: columns, title: title, normalize: normalize,
                       colormap: colormap)
        return self
    }

    /// See `Axes.imageGrid(_:captions:wrong:captionColors:columns:title:)`.
    @discardableResult
    public func imageGrid(_ images: [Image], captions: [String]? = nil, wrong: [Bool]? = nil,
                          captionColors: [Color]? = nil, columns: Int? = nil, title: String? = nil) -> Figure {
        main.imageGrid(images, captions: captions, wrong: wrong, captionColors: captionColors, columns: columns,
                       title: title)
        return self
    }

    /// See `Axes.heatmap(_:rowLabels:columnLabels:annotate:title:xlabel:ylabel:colormap:colorbar:)`.
    @discardableResult
    public func heatmap<V: PlotNumber>(_ matrix: [[V]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
                                       annotate: Bool = true, title: String? = nil, xlabel: String? = nil,
                                       ylabel: String? = nil, colormap: Colormap = .blues,
                                       colorbar: Bool = true) -> Figure {
        main.heatmap(matrix, rowLabels: rowLabels, columnLabels: columnLabels, annotate: annotate, title: title,
                     xlabel: xlabel, ylabel: ylabel, colormap: colormap, colorbar: colorbar)
        return self
    }

    /// See `Axes.xlabel(_:)`.
    @discardableResult public func xlabel(_ text: String) -> Figure { main.xlabel(text); return self }
    /// See `Axes.ylabel(_:)`.
    @discardableResult public func ylabel(_ text: String) -> Figure { main.ylabel(text); return self }
    /// See `Axes.xlim(_:_:)`.
    @discardableResult public func xlim(_ lo: Double?, _ hi: Double?) -> Figure { main.xlim(lo, hi); return self }
    /// See `Axes.ylim(_:_:)`.
    @discardableResult public func ylim(_ lo: Double?, _ hi: Double?) -> Figure { main.ylim(lo, hi); return self }
    /// See `Axes.logY(_:)`.
    @discardableResult public func logY(_ on: Bool = true) -> Figure { main.logY(on); return self }
    /// See `Axes.grid(_:)`.
    @discardableResult public func grid(_ on: Bool = true) -> Figure { main.grid(on); return self }
    /// See `Axes.legend(_:)`.
    @discardableResult public func legend(_ location: LegendLocation = .best) -> Figure { main.legend(location); return self }
    /// See `Axes.yscale(_:)`.
    @discardableResult public func yscale(_ scale: Scale) -> Figure { main.yscale(scale); return self }
    /// The figure's title (matplotlib's `title("…")`): the panel's own title for one panel,
    /// the title above all panels otherwise.
    @discardableResult public func title(_ text: String) -> Figure { title = text; return self }

    /// See `Axes.plot(_:_:label:color:dashed:markers:width:)`.
    @discardableResult
    public func plot<X: Sequence, Y: Sequence>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                               dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure
    where X.Element: PlotNumber, Y.Element: PlotNumber {
        main.plot(x, y, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.plot(_:label:color:dashed:markers:width:)`.
    @discardableResult
    public func plot<Y: Sequence>(_ y: Y, label: String? = nil, color: Color? = nil,
                                  dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure
    where Y.Element: PlotNumber {
        main.plot(y, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.plot(_:_:label:color:dashed:markers:width:)`, with tensors.
    @discardableResult
    public func plot<X: ShapedValues, Y: ShapedValues>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                       dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure {
        main.plot(x, y, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.plot(_:label:color:dashed:markers:width:)`, with a tensor.
    @discardableResult
    public func plot<Y: ShapedValues>(_ y: Y, label: String? = nil, color: Color? = nil,
                                      dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Figure {
        main.plot(y, label: label, color: color, dashed: dashed, markers: markers, width: width); return self
    }

    /// See `Axes.scatter(_:_:label:color:size:)`.
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                  size: Double? = nil) -> Figure where X.Element: PlotNumber, Y.Element: PlotNumber {
        main.scatter(x, y, label: label, color: color, size: size); return self
    }

    /// See `Axes.scatter(_:_:label:color:size:)`, with tensors.
    @discardableResult
    public func scatter<X: ShapedValues, Y: ShapedValues>(_ x: X, _ y: Y, label: String? = nil, color: Color? = nil,
                                                          size: Double? = nil) -> Figure {
        main.scatter(x, y, label: label, color: color, size: size); return self
    }

    /// See `Axes.imshow(_:colormap:colorbar:title:)`.
    @discardableResult
    public func imshow<V: PlotNumber>(_ matrix: [[V]], colormap: Colormap = .viridis, colorbar: Bool = true,
                                      title: String? = nil) -> Figure {
        main.imshow(matrix, colormap: colormap, colorbar: colorbar, title: title); return self
    }

    /// See `Axes.imshow(_:colormap:colorbar:title:)`, with a tensor.
    @discardableResult
    public func imshow<T: ShapedValues>(_ tensor: T, colormap: Colormap = .viridis, colorbar: Bool = true,
                                        title: String? = nil) -> Figure {
        main.imshow(tensor, colormap: colormap, colorbar: colorbar, title: title); return self
    }
}
