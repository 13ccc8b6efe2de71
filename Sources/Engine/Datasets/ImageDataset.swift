/// Labelled images held as the files store them, one byte per pixel value, served as
/// Float32 tensors scaled to [0, 1] (what `ToTensor` gives in torchvision).
///
/// `MNIST`, `FashionMNIST` and `CIFAR10` are image datasets; `images` and `labels`
/// give the whole set as tensors, `dataset[i]` one sample, a `DataLoader` batches.
public class ImageDataset: Dataset, CustomStringConvertible {
    /// The dataset's name ("MNIST", "CIFAR-10").
    public let name: String
    /// Channels, height and width of every image.
    public let channels: Int, height: Int, width: Int
    /// The class names, indexed by label.
    public let classes: [String]
    /// Where the data came from (printed in reports).
    public let source: DataSource
    /// Pixel bytes, N x channels x height x width, row-major.
    public let pixelBytes: [UInt8]
    /// Labels, one byte per image.
    public let labelBytes: [UInt8]
    /// Each byte is divided by this when converted to floats: 255 gives [0, 1] (as
    /// `ToTensor`), 1 keeps the raw 0...255.
    public var pixelDivisor: Float = 255

    /// Images from their bytes (N x channels x height x width) and labels (N), each below `classes.count`.
    public init(name: String, channels: Int, height: Int, width: Int, classes: [String],
                source: DataSource, pixels: [UInt8], labels: [UInt8]) {
        require(pixels.count == labels.count * channels * height * width,
                "\(name): \(pixels.count) pixel bytes for \(labels.count) images of \(channels)x\(height)x\(width)")
        self.name = name
        self.channels = channels
        self.height = height
        self.width = width
        self.classes = classes
        self.source = source
        self.pixelBytes = pixels
        self.labelBytes = labels
    }

    /// The number of images.
    public var count: Int { labelBytes.count }

    /// The shape of one image: [channels, height, width].
    public var imageShape: [Int] { [channels, height, width] }

    /// Image `index` ([channels, height, width], in [0, 1]) and its label (a scalar).
    public subscript(index: Int) -> (input: Tensor, target: Tensor) {
        let b = batch([index])
        return (b.input.reshape(imageShape), b.target.reshape([]))
    }

    /// Images [n, channels, height, width] and labels [n] at `indices`.
    public func batch(_ indices: [Int]) -> (input: Tensor, target: Tensor) {
        let size = channels * height * width
        let x = Tensor(uninitializedShape: [indices.count] + imageShape)
        let y = Tensor(uninitializedShape: [indices.count])
        let table = (0..<256).map { Float($0) / pixelDivisor }  // exact byte / 255, and faster
        pixelBytes.withUnsafeBufferPointer { px in
            table.withUnsafeBufferPointer { t in
                for (j, i) in indices.enumerated() {
                    require(i >= 0 && i < count, "index \(i) is out of range for \(count) images")
                    let src = px.baseAddress! + i * size, dst = x.data + j * size
                    for k in 0..<size { dst[k] = t[Int(src[k])] }
                }
            }
        }
        for (j, i) in indices.enumerated() {
            y.data[j] = Float(labelBytes[i])
        }
        return (x, y)
    }

    /// Every image as one tensor [N, channels, height, width], in [0, 1] (a new tensor each call).
    public var images: Tensor { batch(Array(0..<count)).input }

    /// Every label as a tensor [N] of class indices (stored as Float32).
    public var labels: Tensor { Tensor(labelBytes.map { Float($0) }, shape: [count]) }

    /// How many images each class has, indexed by label.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for l in labelBytes { counts[Int(l)] += 1 }
        return counts
    }

    /// The images whose label is `label`, as [n, channels, height, width].
    public func images(ofClass label: Int) -> Tensor {
        let picked = labelBytes.indices.filter { Int(labelBytes[$0]) == label }
        guard !picked.isEmpty else { return Tensor(uninitializedShape: [0] + imageShape) }
        return batch(picked).input
    }

    public var description: String {
        "\(name): \(count) images of \(channels)x\(height)x\(width), \(classes.count) classes (\(source.description))"
    }
}
