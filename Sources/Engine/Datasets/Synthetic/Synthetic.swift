import Foundation

/// Stand-ins for datasets that are nowhere to be found, written in the real file format
/// into `<data>/synthetic/` so the real readers read them. Deterministic: the same bytes
/// on every machine. Used only when nothing else exists, and always announced.
enum Synthetic {
    /// The version of the generator of stand-in `name`: it changes whenever that generator's
    /// content changes, is stamped into the folder it writes, and is part of the data
    /// fingerprint, so a stand-in made by an older generator is made again, never reused.
    static func version(of name: String) -> String {
        name == "cifar10" ? SyntheticCIFAR.version : SyntheticDigits.version
    }

    /// Writes the stand-in for catalog entry `name` into `folder`: into a temporary
    /// folder first, then renamed, so a half-written stand-in is never read.
    static func generate(name: String, into folder: URL) throws {
        let fm = FileManager.default
        if isCurrent(folder, name: name) { return }
        try? fm.removeItem(at: folder)  // made by an older generator
        let temp = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temp)
        defer { try? fm.removeItem(at: temp) }
        switch name {
        case "cifar10": try SyntheticCIFAR.write(into: temp)
        case "mnist", "mnist-3s-7s": try SyntheticDigits.write(into: temp)
        default: throw DatasetError(folder, "no synthetic stand-in for \(name)")
        }
        try writeFileAtomically(Array(version(of: name).utf8), to: temp.appendingPathComponent(stampFile))
        do {
            try fm.moveItem(at: temp, to: folder)
        } catch {
            if !fm.fileExists(atPath: folder.path) {  // else another process made it first
                throw DatasetError(folder, "cannot be created (\(error.localizedDescription))")
            }
        }
    }

    /// The file in a stand-in's folder naming the generator that made it.
    static let stampFile = "GENERATOR"

    /// True when `folder` holds stand-in `name` made by the current version of its generator.
    static func isCurrent(_ folder: URL, name: String) -> Bool {
        let stamp = try? String(contentsOf: folder.appendingPathComponent(stampFile), encoding: .utf8)
        return stamp == version(of: name)
    }

    /// A generator for image `index` of a stand-in: each image has its own, so images can
    /// be drawn in parallel and still come out the same.
    static func generator(_ seed: UInt64, _ index: Int) -> RandomGenerator {
        RandomGenerator(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Labels 0..<10 in equal numbers, in a fixed shuffled order.
    static func balancedLabels(_ n: Int, seed: UInt64) -> [UInt8] {
        var labels = (0..<n).map { UInt8($0 % 10) }
        var rng = RandomGenerator(seed: seed)
        labels.shuffle(using: &rng)
        return labels
    }
}
