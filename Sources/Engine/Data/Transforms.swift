// Batch transforms, as torchvision.transforms has them, applied by a DataLoader to
// each input batch: images are [batch, channels, height, width].

/// A function applied to each input batch, possibly random (augmentation).
///
/// Transforms compose: `Transform.compose([.randomCrop(32, padding: 4), .randomHorizontalFlip(),
/// .normalize(mean: m, std: s)])`, or `a.then(b)`. Random transforms draw from the generator
/// passed in; a DataLoader passes one seeded from the global generator at each epoch start,
/// so augmentation is reproducible under `manualSeed`.
public struct Transform {
    /// A short name, for printing.
    public let name: String
    private let body: (Tensor, inout RandomGenerator) -> Tensor

    /// A transform from a function of the batch and a random generator.
    public init(_ name: String, _ body: @escaping (Tensor, inout RandomGenerator) -> Tensor) {
        self.name = name
        self.body = body
    }

    /// Applies the transform, drawing randomness from `generator`.
    public func apply(_ batch: Tensor, using generator: inout RandomGenerator) -> Tensor {
        body(batch, &generator)
    }

    /// Applies the transform, drawing randomness from the global generator.
    public func callAsFunction(_ batch: Tensor) -> Tensor { body(batch, &Random.generator) }

    /// This transform, then `next`.
    public func then(_ next: Transform) -> Transform {
        let first = body, second = next.body
        return Transform("\(name) → \(next.name)") { x, g in second(first(x, &g), &g) }
    }

    /// The transforms in order (`transforms.Compose`).
    public static func compose(_ transforms: [Transform]) -> Transform {
        transforms.dropFirst().reduce(transforms.first ?? Transform("identity") { x, _ in x }) { $0.then($1) }
    }

    /// Divides every value by `divisor`: raw bytes 0...255 to floats in [0, 1] with the
    /// default (the scaling half of `ToTensor`; the image datasets give [0, 1] already,
    /// unless their `pixelDivisor` is set to 1).
    public static func toFloat(dividingBy divisor: Float = 255) -> Transform {
        require(divisor != 0, "toFloat: divisor must not be zero")
        return Transform("toFloat(dividingBy: \(divisor))") { x, _ in
            let out = Tensor(uninitializedShape: x.shape)
            for i in 0..<x.count { out.data[i] = x.data[i] / divisor }
            return out
        }
    }

    /// (x - mean[c]) / std[c] for each channel c of dimension 1 (`transforms.Normalize`).
    public static func normalize(mean: [Float], std: [Float]) -> Transform {
        require(mean.count == std.count && !mean.isEmpty, "normalize: mean and std need one value per channel")
        require(std.allSatisfy { $0 != 0 }, "normalize: std must not be zero")
        return Transform("normalize(mean: \(mean), std: \(std))") { x, _ in
            require(x.rank >= 2 && x.shape[1] == mean.count,
                    "normalize: \(mean.count) channel(s) given, batch has shape \(x.shape)")
            let batch = x.shape[0], channels = x.shape[1], plane = x.count / max(batch * channels, 1)
            let out = Tensor(uninitializedShape: x.shape)
            let src = x.data, dst = out.data
            for b in 0..<batch {
                for c in 0..<channels {
                    let o = (b * channels + c) * plane, m = mean[c], inv = 1 / std[c]
                    for i in 0..<plane { dst[o + i] = (src[o + i] - m) * inv }
                }
            }
            return out
        }
    }

    /// Pads each image by `padding` zeros on every side, then cuts a `size` x `size` window
    /// at a random place, per image (`transforms.RandomCrop(size, padding)`).
    public static func randomCrop(_ size: Int, padding: Int = 0) -> Transform {
        require(size > 0 && padding >= 0, "randomCrop: size must be positive and padding non-negative")
        return Transform("randomCrop(\(size), padding: \(padding))") { x, g in
            require(x.rank == 4, "randomCrop expects [batch, channels, height, width], got \(x.shape)")
            let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            require(size <= h + 2 * padding && size <= w + 2 * padding,
                    "randomCrop: \(size)x\(size) does not fit in \(h)x\(w) padded by \(padding)")
            let out = Tensor(repeating: 0, shape: [n, c, size, size])
            let src = x.data, dst = out.data
            for b in 0..<n {
                // Top-left corner of the window, in padded coordinates.
                let top = g.nextInt(h + 2 * padding - size + 1) - padding
                let left = g.nextInt(w + 2 * padding - size + 1) - padding
                let x0 = max(0, -left), x1 = min(size, w - left)
                guard x1 > x0 else { continue }
                for ch in 0..<c {
                    let s = src + (b * c + ch) * h * w, d = dst + (b * c + ch) * size * size
                    for y in 0..<size {
                        let sy = y + top
                        if sy < 0 || sy >= h { continue }
                        (d + y * size + x0).update(from: s + sy * w + left + x0, count: x1 - x0)
                    }
                }
            }
            return out
        }
    }

    /// Mirrors each image left-right with probability `p` (`transforms.RandomHorizontalFlip`).
    public static func randomHorizontalFlip(p: Float = 0.5) -> Transform {
        Transform("randomHorizontalFlip(p: \(p))") { x, g in
            require(x.rank >= 2, "randomHorizontalFlip needs images with a width, got \(x.shape)")
            let n = x.shape[0], w = x.shape[x.rank - 1]
            let rowsPerImage = x.count / max(n * w, 1)
            let out = Tensor(uninitializedShape: x.shape)
            out.copy_(x)
            let d = out.data
            for b in 0..<n where g.nextUniform() < p {
                for r in 0..<rowsPerImage {
                    let row = d + (b * rowsPerImage + r) * w
                    var i = 0, j = w - 1
                    while i < j { let t = row[i]; row[i] = row[j]; row[j] = t; i += 1; j -= 1 }
                }
            }
            return out
        }
    }
}

extension Transform: CustomStringConvertible {
    public var description: String { name }
}
