import ImageIO

/// One image filling a panel, with its title above.
struct ImagePanel {
    var image: Image
}

extension Axes {
    /// Shows one image given as float values in CHW layout (PyTorch's: channel planes one after
    /// the other), 1 channel (gray, or through `colormap`, e.g. `.viridis` for a feature map),
    /// 3 (RGB) or 4 (RGBA). `normalize` says how values become intensities (see `Normalization`).
    ///
    ///     fig.image(x.scalars, channels: 1, height: 28, width: 28, title: "label: 7")
    @discardableResult
    public func image<V: PlotNumber>(_ pixels: [V], channels: Int = 1, height: Int, width: Int,
                                     title: String? = nil, normalize: Normalization = .auto,
                                     colormap: Colormap? = nil) -> Axes {
        if let title { titleText = title }
        switch makeImage(pixels.doubles, channels: channels, height: height, width: width,
                         normalize: normalize, colormap: colormap) {
        case .success(let image): setRaster(.image(ImagePanel(image: image)))
        case .failure(let error): reject("image", error.description)
        }
        return self
    }

    /// Shows an 8-bit image (e.g. one read with `PNG.read(path:)`).
    @discardableResult
    public func image(_ image: Image, title: String? = nil) -> Axes {
        if let title { titleText = title }
        if let problem = image.validate() { reject("image", problem); return self }
        setRaster(.image(ImagePanel(image: image)))
        return self
    }
}

extension ImagePanel {
    func draw(_ axes: Axes, _ canvas: Canvas, in cell: Rect) {
        var area = cell.inset(Style.padding)
        if let title = axes.titleText, !title.isEmpty {
            drawTitle(title, canvas, centerX: cell.midX, top: area.minY, maxWidth: cell.width)
            area = area.inset(top: titleSpace(title, canvas))
        }
        let target = fit(width: image.width, height: image.height, in: area)
        canvas.draw(image, in: target)
        canvas.stroke(target.inset(-0.3), Color(hex: 0xd9d9d9), width: 0.6)
    }

    /// Height of this panel when it is `width` points wide.
    func preferredHeight(width: Double, titleHeight: Double) -> Double {
        let inner = width - 2 * Style.padding
        return inner * Double(image.height) / Double(max(1, image.width)) + 2 * Style.padding + titleHeight
    }
}

/// The largest rectangle of the image's aspect ratio centred in `area`.
func fit(width: Int, height: Int, in area: Rect) -> Rect {
    let aspect = Double(width) / Double(max(1, height))
    var w = area.width, h = w / aspect
    if h > area.height { h = area.height; w = h * aspect }
    return Rect(x: area.midX - w / 2, y: area.midY - h / 2, width: w, height: h)
}
