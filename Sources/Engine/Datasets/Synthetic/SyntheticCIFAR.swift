import Foundation

/// A CIFAR-10 stand-in: ten classes of 32x32 colour images, each class a shape, texture
/// and colour family, drawn with random position, size, hue and background, plus noise.
/// Learnable (a small CNN separates them well), not trivial (colours, sizes and positions
/// vary; one image in five has another class's colour).
/// Written as `cifar-10-batches-bin` (5 x 10,000 train, 10,000 test, `batches.meta.txt`).
enum SyntheticCIFAR {
    /// The classes' names, which say what they are: a stand-in must not pass for real data.
    static let classNames = ["red disc", "green square", "blue triangle", "yellow ring", "magenta cross",
                             "cyan horizontal stripes", "orange vertical stripes", "purple checkerboard",
                             "white diagonal band", "gray speckle"]
    /// Each class's typical foreground colour.
    static let colours: [(Float, Float, Float)] = [(220, 40, 40), (40, 200, 60), (50, 70, 220), (230, 210, 40),
                                                   (210, 50, 200), (40, 210, 220), (240, 140, 30), (130, 50, 190),
                                                   (235, 235, 235), (128, 128, 128)]
    /// Records per batch file, as in the real files (tests make it smaller).
    nonisolated(unsafe) static var imagesPerBatch = 10_000

    static func write(into dir: URL) throws {
        let files = CIFARBinary.trainFiles + [CIFARBinary.testFile]
        for (b, file) in files.enumerated() {
            let labels = Synthetic.balancedLabels(imagesPerBatch, seed: 0xC1FA + UInt64(b))
            var record = [UInt8](repeating: 0, count: imagesPerBatch * CIFARBinary.recordSize)
            record.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                parallelFor(imagesPerBatch, minPerTask: 256) { range in
                    for i in range {
                        var rng = Synthetic.generator(0xC1FA_0000, b * imagesPerBatch + i)
                        let r = base + i * CIFARBinary.recordSize
                        r[0] = labels[i]
                        draw(class: Int(labels[i]), into: r + 1, &rng)
                    }
                }
            }
            try writeFileAtomically(record, to: dir.appendingPathComponent(file))
        }
        try writeFileAtomically(Array((classNames.joined(separator: "\n") + "\n").utf8),
                                to: dir.appendingPathComponent(CIFARBinary.metaFile))
    }

    /// Draws one image of class `label` as CIFAR stores it: 1024 red, 1024 green, 1024 blue bytes.
    static func draw(class label: Int, into out: UnsafeMutablePointer<UInt8>, _ rng: inout RandomGenerator) {
        func jitter(_ v: Float, _ amount: Float) -> Float { v + (rng.nextUniform() * 2 - 1) * amount }
        // Mostly the class's colour family; one image in five any colour, so that the
        // shape, not the colour alone, decides the class.
        let base = rng.nextUniform() < 0.2 ? colours[rng.nextInt(colours.count)] : colours[label]
        let fg = (jitter(base.0, 45), jitter(base.1, 45), jitter(base.2, 45))
        // A muted random background, darker for the light classes so they stay visible.
        let dark: Float = label == 8 ? 0.35 : 0.6
        let bg = (rng.nextUniform() * 160 * dark + 20, rng.nextUniform() * 160 * dark + 20, rng.nextUniform() * 160 * dark + 20)
        let cx = 16 + jitter(0, 5), cy = 16 + jitter(0, 5)
        let size = 7 + rng.nextUniform() * 5          // half-size of the shape, 7...12 pixels
        let period = 4 + Float(rng.nextInt(4))         // stripe / check period, 4...7 pixels
        let phase = rng.nextUniform() * period
        let angle = jitter(0, 0.35)                  // slight rotation of the shapes
        let (ca, sa) = (cos(angle), sin(angle))
        for y in 0..<32 {
            for x in 0..<32 {
                let fx = Float(x) + 0.5 - cx, fy = Float(y) + 0.5 - cy
                let u = ca * fx + sa * fy, v = -sa * fx + ca * fy   // rotated coordinates
                let r = (u * u + v * v).squareRoot()
                let inside: Bool
                switch label {
                case 0: inside = r < size
                case 1: inside = abs(u) < size * 0.85 && abs(v) < size * 0.85
                case 2: inside = v < size * 0.7 && v > -size && abs(u) < (v + size) * 0.6
                case 3: inside = r < size && r > size * 0.55
                case 4: inside = (abs(u) < size * 0.3 && abs(v) < size) || (abs(v) < size * 0.3 && abs(u) < size)
                case 5: inside = (Float(y) + phase).truncatingRemainder(dividingBy: period) < period / 2
                case 6: inside = (Float(x) + phase).truncatingRemainder(dividingBy: period) < period / 2
                case 7:
                    let cxq = Int((Float(x) + phase) / period), cyq = Int((Float(y) + phase) / period)
                    inside = (cxq + cyq) % 2 == 0
                case 8: inside = abs(u - v) < size * 0.45
                default: inside = rng.nextUniform() < 0.3
                }
                let c = inside ? fg : bg
                let noise = (rng.nextUniform() - 0.5) * 40
                let p = y * 32 + x
                out[p] = clampByte(c.0 + noise)
                out[1024 + p] = clampByte(c.1 + noise)
                out[2048 + p] = clampByte(c.2 + noise)
            }
        }
    }

    @inline(__always) static func clampByte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
}
