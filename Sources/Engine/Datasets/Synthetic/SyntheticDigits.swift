import Foundation

/// An MNIST stand-in: the ten digits drawn as pen strokes in a 28x28 box, each image with
/// its own slant, scale, position and stroke width. Written as the four IDX files
/// (10,000 train, 2,000 test), gzipped like the originals.
enum SyntheticDigits {
    /// Changes whenever the generated digits change (see `Synthetic.version(of:)`).
    static let version = "synthetic-v2"
    /// Images in the train and test files (tests make them smaller).
    nonisolated(unsafe) static var trainCount = 10_000, testCount = 2_000

    static func write(into dir: URL) throws {
        for (prefix, n, seed) in [("train", trainCount, UInt64(0xD161_7000)), ("t10k", testCount, UInt64(0xD161_7E57))] {
            let labels = Synthetic.balancedLabels(n, seed: seed)
            var pixels = [UInt8](repeating: 0, count: n * 784)
            pixels.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                parallelFor(n, minPerTask: 256) { range in
                    for i in range {
                        var rng = Synthetic.generator(seed, i)
                        draw(digit: Int(labels[i]), into: base + i * 784, &rng)
                    }
                }
            }
            try writeFileAtomically(Gzip.compress(IDX.encode(dimensions: [n, 28, 28], bytes: pixels)),
                                    to: dir.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz"))
            try writeFileAtomically(Gzip.compress(IDX.encode(dimensions: [n], bytes: labels)),
                                    to: dir.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz"))
        }
    }

    /// Points along an elliptical arc centred at (cx, cy), angles in turns (0 = right, 0.25 = down).
    static func arc(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from a0: Float, to a1: Float) -> [(Float, Float)] {
        let steps = max(4, Int(abs(a1 - a0) * 24))
        return (0...steps).map { s in
            let a = 2 * Float.pi * (a0 + (a1 - a0) * Float(s) / Float(steps))
            return (cx + rx * cos(a), cy + ry * sin(a))
        }
    }

    /// Each digit as polylines in a unit box (x right, y down).
    static let strokes: [[[(Float, Float)]]] = [
        [arc(0.5, 0.5, 0.28, 0.4, from: 0, to: 1)],
        [[(0.38, 0.24), (0.52, 0.1), (0.52, 0.9)]],
        [arc(0.5, 0.32, 0.25, 0.22, from: 0.5, to: 1.08) + [(0.22, 0.9), (0.8, 0.9)]],
        [arc(0.48, 0.3, 0.22, 0.2, from: 0.55, to: 1.25), arc(0.48, 0.69, 0.26, 0.21, from: 0.75, to: 1.42)],
        [[(0.62, 0.9), (0.62, 0.1), (0.2, 0.64), (0.82, 0.64)]],
        [[(0.74, 0.1), (0.34, 0.1), (0.3, 0.45)] + arc(0.48, 0.64, 0.26, 0.24, from: 0.64, to: 1.38)],
        [arc(0.62, 0.52, 0.32, 0.42, from: 0.7, to: 0.5).reversed() + arc(0.5, 0.68, 0.2, 0.2, from: 0.5, to: 1.5)],
        [[(0.22, 0.12), (0.8, 0.12), (0.44, 0.9)]],
        [arc(0.5, 0.29, 0.18, 0.18, from: 0, to: 1), arc(0.5, 0.7, 0.22, 0.21, from: 0, to: 1)],
        [arc(0.5, 0.32, 0.2, 0.2, from: 0, to: 1), [(0.7, 0.32), (0.62, 0.9)]],
    ]

    /// Renders a digit with a random affine pose and pen width; ink is 0...255 as in MNIST.
    static func draw(digit: Int, into out: UnsafeMutablePointer<UInt8>, _ rng: inout RandomGenerator) {
        func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * rng.nextUniform() }
        let scale = uniform(16, 21), slant = uniform(-0.3, 0.3), rotate = uniform(-0.15, 0.15)
        let tx = 14 + uniform(-1.5, 1.5), ty = 14 + uniform(-1.5, 1.5)
        let pen = uniform(1.1, 1.9)
        let (c, s) = (cos(rotate), sin(rotate))
        // Unit-box points → pixel coordinates.
        let segments: [((Float, Float), (Float, Float))] = strokes[digit].flatMap { line -> [((Float, Float), (Float, Float))] in
            let pts = line.map { p -> (Float, Float) in
                let x = (p.0 - 0.5) * scale * 0.8 + slant * (0.5 - p.1) * scale, y = (p.1 - 0.5) * scale
                return (tx + c * x - s * y, ty + s * x + c * y)
            }
            return zip(pts, pts.dropFirst()).map { ($0, $1) }
        }
        for py in 0..<28 {
            for px in 0..<28 {
                let x = Float(px) + 0.5, y = Float(py) + 0.5
                var d = Float.infinity
                for (a, b) in segments {
                    let (vx, vy) = (b.0 - a.0, b.1 - a.1), (wx, wy) = (x - a.0, y - a.1)
                    let len2 = vx * vx + vy * vy
                    let t = len2 > 0 ? max(0, min(1, (wx * vx + wy * vy) / len2)) : 0
                    let (dx, dy) = (wx - t * vx, wy - t * vy)
                    d = min(d, dx * dx + dy * dy)
                }
                let ink = max(0, min(1, pen + 0.5 - d.squareRoot()))  // soft edge, one pixel wide
                out[py * 28 + px] = UInt8((ink * 255).rounded())
            }
        }
    }
}
