/// A file published by a dataset's authors: where to get it, its size and its MD5
/// (the checksum they publish; torchvision checks the same values).
public struct RemoteFile: Equatable {
    /// The file name, as published and as stored in the data folder.
    public let name: String
    /// Mirrors, tried in order.
    public let urls: [String]
    /// The size in bytes.
    public let size: Int
    /// The MD5 as 32 hex digits.
    public let md5: String

    /// A published file: its name, mirrors, size in bytes and MD5.
    public init(name: String, urls: [String], size: Int, md5: String) {
        self.name = name
        self.urls = urls
        self.size = size
        self.md5 = md5
    }
}

/// The official files of each dataset.
public enum OfficialFiles {
    private static let mnistMirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/",
                                       "https://storage.googleapis.com/cvdf-datasets/mnist/"]
    private static let fashionMirrors = ["https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
                                         "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]

    private static func files(_ mirrors: [String], _ list: [(String, Int, String)]) -> [RemoteFile] {
        list.map { f in RemoteFile(name: f.0, urls: mirrors.map { $0 + f.0 }, size: f.1, md5: f.2) }
    }

    /// MNIST's four gzipped IDX files.
    public static let mnist = files(mnistMirrors, [
        ("train-images-idx3-ubyte.gz", 9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", 28_881, "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", 1_648_877, "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", 4_542, "ec29112dd5afa0611ce80d1b7f02629c"),
    ])

    /// Fashion-MNIST's four gzipped IDX files (Zalando's originals).
    public static let fashionMNIST = files(fashionMirrors, [
        ("train-images-idx3-ubyte.gz", 26_421_880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", 29_515, "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", 4_422_102, "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", 5_148, "bb300cfdad3c16e7a12a480ee83cd310"),
    ])

    /// The CIFAR-10 binary version, one tarball holding `cifar-10-batches-bin/`.
    public static let cifar10 = RemoteFile(
        name: "cifar-10-binary.tar.gz", urls: ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"],
        size: 170_052_171, md5: "c32a1d4ab5d03f1284b67883e8d87530")

    /// The published MD5 of a file of this name, if it is one of the official files.
    public static func md5(dataset: String, name: String) -> String? {
        let list: [RemoteFile]
        switch dataset {
        case "mnist", "mnist-3s-7s": list = mnist
        case "fashion-mnist": list = fashionMNIST
        case "cifar10": list = [cifar10]
        default: return nil
        }
        return list.first { $0.name == name }?.md5
    }
}
