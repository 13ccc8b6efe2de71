import ImageIO

/// Many images in a grid, each with an optional caption above it (one or more lines),
/// coloured per image (e.g. red when a prediction is wrong).
struct ImageGridPanel {
    /// nil where an image was malformed: a placeholder is drawn there.
    var images: [Image?]
    var captions: [String]
    var captionColors: [Color]
    var columns: Int

    var rows: Int { (images.count + columns - 1) / columns }
    var captionLines: Int { captions.map { $0.split(separator: "\n", omittingEmptySubsequences: false).count }.max() ?? 0 }
    /// Pixel size of the first good image (the grid's cell shape).
    var cellShape: (width: Int, height: Int) {
        for case let image? in images { return (image.width, image.height) }
        return (1, 1)
    }
}

extension Axes {
    /// A grid of images, each given as float values in CHW layout, with captions above them.
    /// `wrong[i] == true` draws caption i in red (and the others in green); `captionColors`
    /// chooses colours freely. `columns` defaults to a roughly 3:2 grid. Captions may hold
    /// several lines ("label: cat\npredicted: dog").
    ///
    ///     fig.imageGrid(batch, channels: 3, height: 32, width: 32,
    ///                   captions: zip(labels, preds).map { "label: \($0)\npredicted: \($1)" },
    ///                   wrong: zip(labels, preds).map { $0 != $1 }, normalize: .meanStd(mean: m, std: s))
    @discardableResult
    public func imageGrid<V: PlotNumber>(_ images: [[V]], channels: Int = 1, height: Int, width: Int,
                                         captions: [String]? = nil, wrong: [Bool]? = nil,
                                         captionColors: [Color]? = nil, columns: Int? = nil,
                                         title: String? = nil, normalize: Normalization = .auto,
                                         colormap: Colormap? = nil) -> Axes {
        var prepared = [Image?]()
        for (i, pixels) in images.enumerated() {
            switch makeImage(pixels.doubles, channels: channels, height: height, width: width,
                             normalize: normalize, colormap: colormap) {
            case .success(let image): prepared.append(image)
            case .failure(let error):
                Diagnostics.warn("imageGrid: image \(i): \(error.description); shown as a blank")
                prepared.append(nil)
            }
        }
        return addGrid(prepared, captions: captions, wrong: wrong, captionColors: captionColors,
                       columns: columns, title: title)
    }

    /// A grid of 8-bit images (e.g. read with `PNG.read(path:)`), with captions as above.
    @discardableResult
    public func imageGrid(_ images: [Image], captions: [String]? = nil, wrong: [Bool]? = nil,
                          captionColors: [Color]? = nil, columns: Int? = nil, title: String? = nil) -> Axes {
        let prepared: [Image?] = images.enumerated().map { i, image in
            if let problem = image.validate() {
                Diagnostics.warn("imageGrid: image \(i): \(problem); shown as a blank")
                return nil
            }
            return image
        }
        return addGrid(prepared, captions: captions, wrong: wrong, captionColors: captionColors,
                       columns: columns, title: title)
    }

    private func addGrid(_ images: [Image?], captions: [String]?, wrong: [Bool]?, captionColors: [Color]?,
                         columns: Int?, title: String?) -> Axes {
        if let title { titleText = title }
        guard !images.isEmpty else { reject("imageGrid", "no images"); return self }
        guard images.contains(where: { $0 != nil }) else {
            reject("imageGrid", "none of the \(images.count) images has the right size"); return self
        }
        var texts = captions ?? []
        if let captions, captions.count != images.count {
            Diagnostics.warn("imageGrid: \(captions.count) captions for \(images.count) images")
        }
        texts = (0..<images.count).map { $0 < texts.count ? texts[$0] : "" }

        var colors = [Color](repeating: Color.text, count: images.count)
        if let wrong {
            if wrong.count != images.count {
                Diagnostics.warn("imageGrid: wrong has \(wrong.count) values for \(images.count) images")
            }
            for i in 0..<min(wrong.count, images.count) { colors[i] = wrong[i] ? Color.red : Color.green }
        }
        if let captionColors {
            for i in 0..<min(captionColors.count, images.count) { colors[i] = captionColors[i] }
        }
        var cols = columns ?? Int((Double(images.count) * 1.5).squareRoot().rounded(.up))
        if cols < 1 {
            Diagnostics.warn("imageGrid: columns must be at least 1; using an automatic layout")
            cols = Int((Double(images.count) * 1.5).squareRoot().rounded(.up))
        }
        cols = max(1, min(cols, images.count))
        setRaster(.grid(ImageGridPanel(images: images, captions: texts, captionColors: colors, columns: cols)))
        return self
    }
}

extension ImageGridPanel {
    static let gap = 10.0
    static let captionGap = 3.0

    func captionHeight() -> Double {
        let lines = captionLines
        guard lines > 0, captions.contains(where: { !$0.isEmpty }) else { return 0 }
        return Style.captionFont * (Canvas.capHeight + Canvas.descent)
            + Double(lines - 1) * Style.captionFont * Canvas.lineSpacing + ImageGridPanel.captionGap
    }

    func draw(_ axes: Axes, _ canvas: Canvas, in cell: Rect) {
        var area = cell.inset(Style.padding)
        if let title = axes.titleText, !title.isEmpty {
            drawTitle(title, canvas, centerX: cell.midX, top: area.minY, maxWidth: cell.width)
            area = area.inset(top: titleSpace(title, canvas))
        }
        let gap = ImageGridPanel.gap
        let captionH = captionHeight()
        let slotW = (area.width - gap * Double(columns - 1)) / Double(columns)
        let slotH = (area.height - gap * Double(rows - 1)) / Double(rows)
        let shape = cellShape
        // Every image gets the same box: the largest of the images' shape that fits a slot.
        let box = fit(width: shape.width, height: shape.height,
                      in: Rect(x: 0, y: 0, width: max(1, slotW), height: max(1, slotH - captionH)))
        let gridW = Double(columns) * box.width + gap * Double(columns - 1)
        let gridH = Double(rows) * (box.height + captionH) + gap * Double(rows - 1)
        let x0 = area.midX - gridW / 2, y0 = area.minY + max(0, (area.height - gridH) / 2)

        for (i, image) in images.enumerated() {
            let r = i / columns, c = i % columns
            let left = x0 + Double(c) * (box.width + gap)
            let top = y0 + Double(r) * (box.height + captionH + gap)
            let target = Rect(x: left, y: top + captionH, width: box.width, height: box.height)
            if let image {
                canvas.draw(image, in: target)
            } else {
                canvas.fill(target, Color(hex: 0xf0f0f0))
                canvas.text("?", at: Point(x: target.midX, y: target.midY), size: min(20, box.height / 2),
                            color: Style.mutedText, h: .center, v: .center)
            }
            canvas.stroke(target.inset(-0.3), Color(hex: 0xd9d9d9), width: 0.6)
            let caption = captions[i]
            if !caption.isEmpty {
                // Shrink long captions a little before cutting them short.
                let lines = caption.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let widest = lines.map { canvas.measure($0, size: Style.captionFont).width }.max() ?? 0
                let available = box.width + gap - 2
                let size = widest > available ? max(Style.captionFont * 0.8, Style.captionFont * available / widest)
                                              : Style.captionFont
                let fitted = lines.map { canvas.truncated($0, size: size, maxWidth: available) }
                canvas.text(fitted.joined(separator: "\n"), at: Point(x: target.midX, y: top + captionH - ImageGridPanel.captionGap),
                            size: size, color: captionColors[i], h: .center, v: .bottom)
            }
        }
    }

    /// Height of this panel when it is `width` points wide.
    func preferredHeight(width: Double, titleHeight: Double) -> Double {
        let gap = ImageGridPanel.gap
        let slotW = (width - 2 * Style.padding - gap * Double(columns - 1)) / Double(columns)
        let shape = cellShape
        let boxH = slotW * Double(shape.height) / Double(max(1, shape.width))
        return Double(rows) * (boxH + captionHeight()) + gap * Double(rows - 1) + 2 * Style.padding + titleHeight
    }

    /// A comfortable width: about 100 points per image, more when captions need it.
    func preferredWidth(measure: Canvas) -> Double {
        let widestCaption = captions.flatMap { $0.split(separator: "\n").map(String.init) }
            .map { measure.measure($0, size: Style.captionFont).width }.max() ?? 0
        let perImage = max(84, min(140, Double(cellShape.width) * 3), min(220, widestCaption + 4))
        return min(1400, Double(columns) * (perImage + ImageGridPanel.gap) + 2 * Style.padding)
    }
}
