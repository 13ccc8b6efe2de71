import Foundation
import XCTest
@testable import Engine

final class SafeTensorsTests: XCTestCase {
    func testRoundTripKeepsValuesShapesAndMetadata() throws {
        let path = temporaryPath("roundtrip.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = Tensor([1, -2.5, 3e-8, 4e9, 0, 6], shape: [2, 3])
        let b = Tensor([7], shape: [])
        let steps = Tensor([12], shape: [])
        try SafeTensors.write(["layer.weight": a, "b": b, "bn.num_batches_tracked": steps],
                              metadata: ["format": "pt", "note": "quote \" and \\ ok"],
                              dtypes: ["bn.num_batches_tracked": .i64], path: path)
        let (tensors, metadata) = try SafeTensors.readWithMetadata(path)
        XCTAssertEqual(Set(tensors.keys), ["layer.weight", "b", "bn.num_batches_tracked"])
        XCTAssertEqual(tensors["layer.weight"]!.shape, [2, 3])
        XCTAssertEqual(tensors["layer.weight"]!.scalars, a.scalars)
        XCTAssertEqual(tensors["b"]!.shape, [])
        XCTAssertEqual(tensors["b"]!.scalars, [7])
        XCTAssertEqual(tensors["bn.num_batches_tracked"]!.scalars, [12])
        XCTAssertEqual(metadata, ["format": "pt", "note": "quote \" and \\ ok"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"))
    }

    func testHeaderLayoutFollowsTheFormat() throws {
        let path = temporaryPath("layout.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(["x": Tensor([1, 2], shape: [2])], path: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(n % 8, 0, "the header is padded to 8 bytes")
        XCTAssertEqual(bytes.count, 8 + n + 8)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        XCTAssertEqual(header.trimmingCharacters(in: .whitespaces),
                       #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
        // 1.0 and 2.0 as little-endian F32.
        XCTAssertEqual(Array(bytes.suffix(8)), [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
    }

    /// A file written by hand (as another writer would), with F64, F16, BF16 and I64 data.
    func testReadsOtherDtypes() throws {
        let path = temporaryPath("dtypes.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var payload = Data()
        for v in [1.5, -2.25] as [Double] { withUnsafeBytes(of: v.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
        for h in [0x3C00, 0xC000, 0x0001] as [UInt16] { withUnsafeBytes(of: h.littleEndian) { payload.append(contentsOf: $0) } }
        for h in [0x3FC0] as [UInt16] { withUnsafeBytes(of: h.littleEndian) { payload.append(contentsOf: $0) } }
        for v in [-3, 1 << 20] as [Int64] { withUnsafeBytes(of: v.littleEndian) { payload.append(contentsOf: $0) } }
        let header = #"{"d":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"h":{"dtype":"F16","shape":[3],"data_offsets":[16,22]},"#
            + #""b":{"dtype":"BF16","shape":[1],"data_offsets":[22,24]},"i":{"dtype":"I64","shape":[2,1],"data_offsets":[24,40]}}"#
        try makeFile(path, header: header, payload: payload)
        let t = try SafeTensors.read(path)
        XCTAssertEqual(t["d"]!.scalars, [1.5, -2.25])
        XCTAssertEqual(t["h"]!.scalars, [1, -2, Float(sign: .plus, exponent: -24, significand: 1)])
        XCTAssertEqual(t["b"]!.scalars, [1.5])
        XCTAssertEqual(t["i"]!.shape, [2, 1])
        XCTAssertEqual(t["i"]!.scalars, [-3, 1_048_576])
    }

    func testErrorsNameTheFileAndTensor() throws {
        let path = temporaryPath("bad.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }

        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        assertError(path, contains: "truncated")

        try makeFile(path, header: "{not json", payload: Data())
        assertError(path, contains: "bad header JSON")

        try makeFile(path, header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, payload: Data(count: 8))
        assertError(path, contains: "tensor 'w'")
        assertError(path, contains: "out of range")

        try makeFile(path, header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, payload: Data(count: 8))
        assertError(path, contains: "needs 12")

        try makeFile(path, header: #"{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, payload: Data(count: 8))
        assertError(path, contains: "unsupported dtype C64")

        var huge = Data()
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { huge.append(contentsOf: $0) }
        try huge.write(to: URL(fileURLWithPath: path))
        assertError(path, contains: "truncated")

        assertError(path + ".missing", contains: "cannot read")
    }

    func testWriteReplacesAnExistingFileAndReportsUnwritablePaths() throws {
        let path = temporaryPath("replace.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(["a": ones(3)], path: path)
        try SafeTensors.write(["a": zeros(2)], path: path)
        XCTAssertEqual(try SafeTensors.read(path)["a"]!.scalars, [0, 0])
        XCTAssertThrowsError(try SafeTensors.write(["a": ones(1)], path: "/nonexistent-dir/x.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent-dir/x.safetensors"), "\(error)")
        }
    }

    func testReadsPyTorchGoldenFile() throws {
        let t = try goldenTensors("ops.safetensors")
        XCTAssertEqual(t["conv2d_s2p1.in1"]?.shape, [5, 3, 3, 3])
        XCTAssertEqual(t["avgpool8.out"]?.shape, [2, 4, 4, 4])
        // Every tensor is finite and not all zero (the bytes were decoded, not left uninitialised).
        for (name, tensor) in t {
            XCTAssertTrue(tensor.scalars.allSatisfy { $0.isFinite }, name)
        }
        XCTAssertNotEqual(t["conv2d_s2p1.out"]!.scalars.map(abs).max(), 0)
        // Integer targets (I64) in a model file.
        let model = try goldenTensors("simple_net.safetensors")
        let y = try XCTUnwrap(model["input.y"])
        XCTAssertEqual(y.shape, [8, 1])
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || $0 == 1 })
    }

    private func makeFile(_ path: String, header: String, payload: Data) throws {
        var file = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: Array(header.utf8))
        file.append(payload)
        try file.write(to: URL(fileURLWithPath: path))
    }

    private func assertError(_ path: String, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try SafeTensors.read(path), line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(path), "error does not name the file: \(message)", line: line)
            XCTAssertTrue(message.contains(text), "expected '\(text)' in: \(message)", line: line)
        }
    }
}
