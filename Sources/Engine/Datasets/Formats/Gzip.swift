import CZlib
import Foundation

/// gzip and raw-deflate coding through zlib, for `.gz` IDX files, wheels (zip) and tarballs.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses a whole gzip stream (`raw: false`) or a raw deflate stream
    /// (`raw: true`, as inside a zip). The stream must end properly: truncated or corrupt
    /// input throws a `DatasetError` naming `path`. gzip's CRC-32 is checked by zlib.
    public static func decompress(_ input: [UInt8], raw: Bool = false, path: String,
                                  expectedSize: Int? = nil) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: zlib or gzip header, detected; -15: raw deflate without header.
        guard inflateInit2_(&stream, raw ? -15 : 15 + 32, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(path, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(expectedSize ?? max(input.count * 4, 1 << 16))
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        let status: Int32 = input.withUnsafeBufferPointer { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = uInt(inBuf.count)
            var ret: Int32 = Z_OK
            repeat {
                ret = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if ret == Z_BUF_ERROR && stream.avail_in == 0 { break }  // input ran out
            } while ret == Z_OK
            return ret
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_BUF_ERROR: throw DatasetError(path, "truncated \(raw ? "deflate" : "gzip") data (the stream ends early)")
        default:
            let msg = stream.msg.map { String(cString: $0) } ?? "code \(status)"
            throw DatasetError(path, "corrupt \(raw ? "deflate" : "gzip") data (\(msg))")
        }
    }

    /// Compresses `input` as a gzip stream (`raw: false`) or raw deflate (`raw: true`).
    public static func compress(_ input: [UInt8], raw: Bool = false, level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let ok = deflateInit2_(&stream, level, Z_DEFLATED, raw ? -15 : 15 + 16, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        require(ok == Z_OK, "zlib deflateInit2 failed (\(ok))")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let ret: Int32 = input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        require(ret == Z_STREAM_END, "zlib deflate did not finish (\(ret))")
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// The CRC-32 of `bytes` (as zip and gzip store it).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}

/// Reads a gzip file in pieces, for inputs too large to hold twice in memory (tarballs).
final class GzipFileReader {
    private let path: String
    private let handle: FileHandle
    private var stream = z_stream()
    private var input = [UInt8]()
    private var inputOffset = 0
    private var ended = false

    init(_ url: URL) throws {
        path = url.path
        guard let h = FileHandle(forReadingAtPath: url.path) else { throw DatasetError(url, "file not found") }
        handle = h
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(url, "zlib could not start inflating")
        }
    }

    deinit {
        inflateEnd(&stream)
        try? handle.close()
    }

    /// Fills `buffer` completely and returns true, or returns false at a clean end of
    /// the stream before any byte was read. A stream ending mid-buffer throws.
    func readExactly(_ buffer: inout [UInt8]) throws -> Bool {
        var filled = 0
        while filled < buffer.count {
            if ended {
                if filled == 0 { return false }
                throw DatasetError(path, "truncated archive (ends inside a member)")
            }
            if inputOffset == input.count {
                input = [UInt8](handle.readData(ofLength: 1 << 20))
                inputOffset = 0
                if input.isEmpty { throw DatasetError(path, "truncated gzip data (the stream ends early)") }
            }
            let ret: Int32 = input.withUnsafeBufferPointer { inBuf in
                buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + inputOffset)
                    stream.avail_in = uInt(inBuf.count - inputOffset)
                    stream.next_out = out.baseAddress! + filled
                    stream.avail_out = uInt(out.count - filled)
                    let r = inflate(&stream, Z_NO_FLUSH)
                    inputOffset = inBuf.count - Int(stream.avail_in)
                    filled = out.count - Int(stream.avail_out)
                    return r
                }
            }
            if ret == Z_STREAM_END { ended = true; continue }
            if ret != Z_OK && ret != Z_BUF_ERROR {
                let msg = stream.msg.map { String(cString: $0) } ?? "code \(ret)"
                throw DatasetError(path, "corrupt gzip data (\(msg))")
            }
        }
        return true
    }
}
