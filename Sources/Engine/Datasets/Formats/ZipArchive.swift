import Foundation

/// A minimal zip reader (wheels are zips): the central directory, local headers,
/// stored and deflated entries, CRC-32 checked. No unzip tool needed at run time.
public struct ZipArchive {
    /// One entry of the central directory.
    public struct Entry {
        /// The path inside the archive.
        public let name: String
        /// 0 = stored, 8 = deflated.
        public let method: UInt16
        /// The CRC-32 of the uncompressed contents.
        public let crc32: UInt32
        /// Bytes as stored.
        public let compressedSize: Int
        /// Bytes once inflated.
        public let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    /// The archive's path, for errors.
    public let path: String
    /// The central directory, in order.
    public let entries: [Entry]
    private let bytes: [UInt8]

    /// Reads the archive at `url` and its central directory.
    public init(_ url: URL) throws {
        try self.init(bytes: readFileBytes(url), path: url.path)
    }

    /// Parses an archive held in memory; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws {
        self.bytes = bytes
        self.path = path
        // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
        let minEOCD = 22
        guard bytes.count >= minEOCD else { throw DatasetError(path, "not a zip file (too short)") }
        var eocd = -1
        var i = bytes.count - minEOCD
        let lowest = max(0, bytes.count - minEOCD - 65535)
        while i >= lowest {
            if bytes.u32(i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw DatasetError(path, "not a zip file (no end of central directory; truncated?)") }
        let count = Int(bytes.u16(eocd + 10))
        let dirSize = Int(bytes.u32(eocd + 12))
        let dirOffset = Int(bytes.u32(eocd + 16))
        if dirOffset == 0xFFFF_FFFF || count == 0xFFFF {
            throw DatasetError(path, "zip64 archives are not supported")
        }
        guard dirOffset + dirSize <= eocd else { throw DatasetError(path, "corrupt zip: central directory out of bounds") }
        var entries = [Entry]()
        var p = dirOffset
        for _ in 0..<count {
            guard p + 46 <= eocd, bytes.u32(p) == 0x0201_4b50 else {
                throw DatasetError(path, "corrupt zip: bad central directory entry at byte \(p)")
            }
            let nameLength = Int(bytes.u16(p + 28)), extraLength = Int(bytes.u16(p + 30)),
                commentLength = Int(bytes.u16(p + 32))
            guard p + 46 + nameLength <= eocd else { throw DatasetError(path, "corrupt zip: entry name out of bounds") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(name: name, method: bytes.u16(p + 10), crc32: bytes.u32(p + 16),
                                 compressedSize: Int(bytes.u32(p + 20)), uncompressedSize: Int(bytes.u32(p + 24)),
                                 localHeaderOffset: Int(bytes.u32(p + 42))))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry named `name`, if the archive has one.
    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The contents of `entry`, inflated if deflated, checked against its size and CRC-32.
    public func contents(of entry: Entry) throws -> [UInt8] {
        let where_ = "\(path) (\(entry.name))"
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, bytes.u32(h) == 0x0403_4b50 else {
            throw DatasetError(where_, "corrupt zip: no local header at byte \(h)")
        }
        let start = h + 30 + Int(bytes.u16(h + 26)) + Int(bytes.u16(h + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw DatasetError(where_, "truncated zip: entry data runs past the end of the file")
        }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        let data: [UInt8]
        switch entry.method {
        case 0: data = stored
        case 8: data = try Gzip.decompress(stored, raw: true, path: where_, expectedSize: entry.uncompressedSize)
        default: throw DatasetError(where_, "unsupported zip compression method \(entry.method)")
        }
        guard data.count == entry.uncompressedSize else {
            throw DatasetError(where_, "corrupt zip: \(data.count) bytes, directory says \(entry.uncompressedSize)")
        }
        guard Gzip.crc32(data) == entry.crc32 else { throw DatasetError(where_, "corrupt zip: CRC-32 mismatch") }
        return data
    }

    /// The contents of the entry named `name`; throws when there is none.
    public func contents(of name: String) throws -> [UInt8] {
        guard let e = entry(name) else { throw DatasetError(path, "no \(name) in this archive") }
        return try contents(of: e)
    }

    /// Builds a zip holding `files` (name, bytes, deflate?) — for fixtures.
    public static func build(_ files: [(name: String, bytes: [UInt8], deflate: Bool)]) -> [UInt8] {
        var out = [UInt8](), directory = [UInt8]()
        for f in files {
            let body = f.deflate ? Gzip.compress(f.bytes, raw: true) : f.bytes
            let crc = Gzip.crc32(f.bytes), name = Array(f.name.utf8), offset = out.count
            let method: UInt16 = f.deflate ? 8 : 0
            out.le32(0x0403_4b50); out.le16(20); out.le16(0); out.le16(method); out.le16(0); out.le16(0)
            out.le32(crc); out.le32(UInt32(body.count)); out.le32(UInt32(f.bytes.count))
            out.le16(UInt16(name.count)); out.le16(0); out += name; out += body
            directory.le32(0x0201_4b50); directory.le16(20); directory.le16(20); directory.le16(0)
            directory.le16(method); directory.le16(0); directory.le16(0); directory.le32(crc)
            directory.le32(UInt32(body.count)); directory.le32(UInt32(f.bytes.count))
            directory.le16(UInt16(name.count)); directory.le16(0); directory.le16(0); directory.le16(0)
            directory.le16(0); directory.le32(0); directory.le32(UInt32(offset)); directory += name
        }
        let dirOffset = out.count
        out += directory
        out.le32(0x0605_4b50); out.le16(0); out.le16(0)
        out.le16(UInt16(files.count)); out.le16(UInt16(files.count))
        out.le32(UInt32(directory.count)); out.le32(UInt32(dirOffset)); out.le16(0)
        return out
    }
}

extension Array where Element == UInt8 {
    @inline(__always) func u16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    @inline(__always) func u32(_ i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xff)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(s)) & 0xff)) } }
}
