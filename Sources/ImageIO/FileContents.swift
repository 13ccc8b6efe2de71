#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole file, with errors that name it the way PNG's do.
enum FileContents {
    /// The whole content of the file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw PNGError(file: path, message: errno == ENOENT ? "no such file" : "cannot open: \(errnoText())")
        }
        defer { fclose(file) }
        var result = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { result.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 {
                    throw PNGError(file: path, message: errno == EISDIR ? "is a folder, not a file" : "cannot read: \(errnoText())")
                }
                break
            }
        }
        return result
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
