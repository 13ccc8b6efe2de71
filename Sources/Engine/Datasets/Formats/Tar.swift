import Foundation

/// A minimal reader for ustar/GNU tar archives, gzipped (`.tar.gz`), streamed:
/// enough to unpack the CIFAR-10 archive without a tar tool.
enum TarArchive {
    /// Streams the regular files of the `.tar.gz` at `url`; `body(name, size, read)` is
    /// called per file, where `read()` returns the file's bytes. Files the body does not
    /// read are skipped. Throws `DatasetError` for a truncated or corrupt archive.
    static func forEachFile(inGzip url: URL,
                            _ body: (_ name: String, _ size: Int, _ read: () throws -> [UInt8]) throws -> Void) throws {
        let reader = try GzipFileReader(url)
        var header = [UInt8](repeating: 0, count: 512)
        var longName: String?
        while true {
            guard try reader.readExactly(&header) else {
                throw DatasetError(url, "truncated archive (no end-of-archive marker)")
            }
            if header.allSatisfy({ $0 == 0 }) { return }  // end of archive
            let size = try octal(header[124..<136], url)
            let stored = header.reduce(0) { $0 + Int($1) } - header[148..<156].reduce(0) { $0 + Int($1) } + 8 * 32
            guard stored == (try octal(header[148..<156], url)) else {
                throw DatasetError(url, "corrupt archive: header checksum mismatch")
            }
            let type = header[156]
            var name = cString(header[0..<100])
            if header[257..<262].elementsEqual("ustar".utf8) {
                let prefix = cString(header[345..<500])
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            if let ln = longName { name = ln; longName = nil }
            let padded = (size + 511) / 512 * 512
            var consumed = false
            var content = [UInt8]()
            func readContent() throws -> [UInt8] {
                if !consumed {
                    var buf = [UInt8](repeating: 0, count: padded)
                    guard try reader.readExactly(&buf) else { throw DatasetError(url, "truncated archive (ends inside \(name))") }
                    content = Array(buf[0..<size])
                    consumed = true
                }
                return content
            }
            switch type {
            case UInt8(ascii: "L"):  // GNU long name: the next header's name
                longName = cString(try readContent()[...])
            case UInt8(ascii: "0"), 0:
                try body(name, size, readContent)
            default: break  // directories, links, pax headers: nothing to extract
            }
            if !consumed { _ = try readContent() }
        }
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octal(_ bytes: ArraySlice<UInt8>, _ url: URL) throws -> Int {
        let text = cString(bytes).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let v = Int(text, radix: 8) else { throw DatasetError(url, "corrupt archive: bad number '\(text)' in a header") }
        return v
    }

    /// A ustar header + padded content for one file (for fixtures).
    static func entry(name: String, bytes: [UInt8]) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, _ at: Int) { for (i, c) in s.utf8.enumerated() { h[at + i] = c } }
        put(name, 0); put("0000644", 100); put("0000000", 108); put("0000000", 116)
        put(String(format: "%011o", bytes.count), 124); put("00000000000", 136)
        h[156] = UInt8(ascii: "0"); put("ustar", 257); put("00", 263)
        for i in 148..<156 { h[i] = 32 }
        put(String(format: "%06o", h.reduce(0) { $0 + Int($1) }) + "\0", 148)
        let pad = (512 - bytes.count % 512) % 512
        return h + bytes + [UInt8](repeating: 0, count: pad)
    }
}
