import Foundation

/// How messages name a file: relative to the current folder when it is inside it
/// (`lessons/04-resnet.md`), else absolute.
public func displayPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
    if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
    return path
}
