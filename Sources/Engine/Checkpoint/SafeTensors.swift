import FileSystem
import Foundation

// The safetensors format (https://github.com/huggingface/safetensors), which PyTorch
// users read with `safetensors.torch.load_file`:
//
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   UTF-8 JSON: {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]},
//                          ..., "__metadata__": {"key": "value"}}   (padded with spaces)
//   rest      the tensors' raw little-endian bytes; offsets are relative to the start of this part

/// A problem with a safetensors file; the message names the file and, where it applies, the tensor.
public struct SafeTensorsError: Error, CustomStringConvertible {
    /// The file's path.
    public let path: String
    /// The tensor concerned, if any.
    public let tensor: String?
    /// What is wrong.
    public let message: String

    public var description: String {
        if let tensor { return "\(path): tensor '\(tensor)': \(message)" }
        return "\(path): \(message)"
    }
}

/// Reading and writing tensors in the safetensors format.
public enum SafeTensors {
    /// Element types a file may hold. Reading converts every one of them to Float32;
    /// writing supports F32 and I64 (for integer buffers such as `num_batches_tracked`).
    public enum DType: String, CaseIterable {
        /// 64-bit float (PyTorch: `torch.float64`).
        case f64 = "F64"
        /// 32-bit float, the engine's own type (PyTorch: `torch.float32`).
        case f32 = "F32"
        /// 16-bit IEEE half float (PyTorch: `torch.float16`).
        case f16 = "F16"
        /// 16-bit brain float (PyTorch: `torch.bfloat16`).
        case bf16 = "BF16"
        /// 64-bit signed integer (PyTorch: `torch.int64`).
        case i64 = "I64"
        /// 32-bit signed integer (PyTorch: `torch.int32`).
        case i32 = "I32"
        /// 16-bit signed integer (PyTorch: `torch.int16`).
        case i16 = "I16"
        /// 8-bit signed integer (PyTorch: `torch.int8`).
        case i8 = "I8"
        /// 8-bit unsigned integer (PyTorch: `torch.uint8`).
        case u8 = "U8"
        /// Boolean, one byte each (PyTorch: `torch.bool`).
        case bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// The tensors of a file by name, converted to Float32.
    public static func read(_ path: String) throws -> [String: Tensor] {
        try readWithMetadata(path).tensors
    }

    /// The tensors of a file by name (converted to Float32), and its `__metadata__` strings.
    public static func readWithMetadata(_ path: String) throws
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ message: String, _ tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(path: path, tensor: tensor, message: message)
        }
        let bytes: Data
        DataFileLog.record([URL(fileURLWithPath: path)])
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw fail("cannot read the file (\(error.localizedDescription))")
        }
        guard bytes.count >= 8 else {
            throw fail("truncated: \(bytes.count) bytes, too short for the 8-byte header length")
        }
        let headerLength = bytes.withUnsafeBytes { raw -> UInt64 in
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("truncated: the header says it is \(headerLength) bytes long, "
                       + "but only \(bytes.count - 8) bytes follow")
        }
        let dataStart = 8 + Int(headerLength)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<dataStart))
        } catch {
            throw fail("bad header JSON (\(error.localizedDescription)); is this a safetensors file?")
        }
        guard let header = json as? [String: Any] else {
            throw fail("bad header: the JSON is not an object")
        }

        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let dict = meta as? [String: Any] else { throw fail("bad header: __metadata__ is not an object") }
            for (key, value) in dict {
                guard let s = value as? String else { throw fail("bad header: __metadata__[\(key)] is not a string") }
                metadata[key] = s
            }
        }

        let dataLength = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let info = entry as? [String: Any] else { throw fail("header entry is not an object", name) }
            guard let dtypeName = info["dtype"] as? String else { throw fail("missing dtype", name) }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("unsupported dtype \(dtypeName) (supported: "
                           + DType.allCases.map(\.rawValue).joined(separator: ", ") + ")", name)
            }
            guard let shape = (info["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  shape.count == (info["shape"] as? [Any])?.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("missing or invalid shape", name)
            }
            guard let offsets = (info["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  offsets.count == 2 else {
                throw fail("missing or invalid data_offsets", name)
            }
            let (begin, end) = (offsets[0], offsets[1])
            let count = shape.reduce(1, *)
            guard begin >= 0, end >= begin, end <= dataLength else {
                throw fail("data_offsets [\(begin), \(end)] are out of range: the data part holds "
                           + "\(dataLength) bytes (file truncated?)", name)
            }
            guard end - begin == count * dtype.size else {
                throw fail("data_offsets [\(begin), \(end)] span \(end - begin) bytes, but shape \(shape) "
                           + "of \(dtypeName) needs \(count * dtype.size)", name)
            }
            let tensor = Tensor(uninitializedShape: shape)
            bytes.withUnsafeBytes { raw in
                convert(UnsafeRawBufferPointer(rebasing: raw[(dataStart + begin)..<(dataStart + end)]),
                        dtype, into: tensor.data, count: count)
            }
            tensors[name] = tensor
        }
        return (tensors, metadata)
    }

    /// Writes `tensors` to `path` atomically (a temporary file, then a rename), as F32
    /// unless `dtypes` asks for I64 for a name (values are rounded toward zero).
    /// Tensors are stored in name order; `metadata` goes to `__metadata__`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:],
                             dtypes: [String: DType] = [:], path: String) throws {
        func fail(_ message: String, _ tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(path: path, tensor: tensor, message: message)
        }
        let names = tensors.keys.sorted()
        var entries: [String] = []
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let dtype = dtypes[name] ?? .f32
            guard dtype == .f32 || dtype == .i64 else {
                throw fail("writing dtype \(dtype.rawValue) is not supported (only F32 and I64)", name)
            }
            let length = t.count * dtype.size
            entries.append("\(jsonString(name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":["
                           + t.shape.map(String.init).joined(separator: ",")
                           + "],\"data_offsets\":[\(offset),\(offset + length)]}")
            offset += length
        }
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.insert("\"__metadata__\":{" + pairs.joined(separator: ",") + "}", at: 0)
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var file = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        for name in names {
            let t = tensors[name]!
            if (dtypes[name] ?? .f32) == .i64 {
                var values = [Int64](repeating: 0, count: t.count)
                for i in 0..<t.count { values[i] = Int64(t.data[i]).littleEndian }
                values.withUnsafeBytes { file.append(contentsOf: $0) }
            } else {
                // x86-64 and arm64 are little-endian, as the format requires.
                file.append(UnsafeBufferPointer(start: t.data, count: t.count))
            }
        }
        do {
            try AtomicFile.write(file, to: path)
        } catch let error as FileWriteError {
            throw fail("cannot write (\(error.reason))")
        }
    }

    /// Converts `count` little-endian elements of `dtype` to Float32.
    private static func convert(_ raw: UnsafeRawBufferPointer, _ dtype: DType,
                                into out: UnsafeMutablePointer<Float>, count: Int) {
        switch dtype {
        case .f32:
            if count > 0 { UnsafeMutableRawPointer(out).copyMemory(from: raw.baseAddress!, byteCount: count * 4) }
        case .f64:
            for i in 0..<count { out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))) }
        case .f16:
            for i in 0..<count { out[i] = halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
        case .bf16:
            for i in 0..<count {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                out[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .i64:
            for i in 0..<count { out[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))) }
        case .i32:
            for i in 0..<count { out[i] = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))) }
        case .i16:
            for i in 0..<count { out[i] = Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))) }
        case .i8:
            for i in 0..<count { out[i] = Float(Int8(bitPattern: raw[i])) }
        case .u8, .bool:
            for i in 0..<count { out[i] = Float(raw[i]) }
        }
    }

    /// IEEE half precision bits to Float32 (normals, subnormals, infinities and NaN).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        if exponent == 0 {
            // Subnormal (or zero): mantissa · 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }

    /// A JSON string literal for `s`.
    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
