import XCTest
import CPNG
@testable import ImageIO

/// PNG round trips through libpng, the kinds of files other tools write, and bad files.
final class PNGTests: XCTestCase {
    var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pngtests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// An image whose samples vary in every channel, so any mix-up of rows or channels shows.
    func pattern(width: Int, height: Int, channels: Int) -> Image {
        var pixels = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { pixels.append(UInt8((x * 37 + y * 11 + c * 71) % 256)) }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    func testRoundTripGrayRGBAndRGBA() throws {
        for channels in [1, 3, 4] {
            let image = pattern(width: 13, height: 7, channels: channels)
            let decoded = try PNG.decode(data: PNG.encode(image))
            XCTAssertEqual(decoded, image, "channels \(channels)")
        }
    }

    func testWriteAndReadFile() throws {
        let image = pattern(width: 28, height: 28, channels: 1)
        let path = folder + "/digit.png"
        try PNG.write(image, path: path)
        XCTAssertEqual(try PNG.read(path: path), image)
        // No temporary file is left behind next to it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["digit.png"])
        // Overwriting replaces the file.
        let other = pattern(width: 3, height: 2, channels: 3)
        try PNG.write(other, path: path)
        XCTAssertEqual(try PNG.read(path: path), other)
    }

    func testEncodingIsDeterministic() throws {
        let image = pattern(width: 64, height: 48, channels: 4)
        XCTAssertEqual(try PNG.encode(image), try PNG.encode(image))
        let copy = Image(width: 64, height: 48, channels: 4, pixels: image.pixels)
        XCTAssertEqual(try PNG.encode(image), try PNG.encode(copy))
    }

    /// Writes a PNG in a format our encoder does not produce (palette, gray+alpha, 16-bit),
    /// with libpng's simplified writer.
    func libpngWrite(width: Int, height: Int, format: UInt32, buffer: UnsafeRawPointer, colormap: UnsafeRawPointer? = nil, colormapEntries: Int = 0) -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = format
        image.colormap_entries = UInt32(colormapEntries)
        var size = 0
        XCTAssertNotEqual(png_image_write_to_memory(&image, nil, &size, 0, buffer, 0, colormap), 0)
        var out = [UInt8](repeating: 0, count: size)
        XCTAssertNotEqual(out.withUnsafeMutableBytes { png_image_write_to_memory(&image, $0.baseAddress, &size, 0, buffer, 0, colormap) }, 0)
        return out
    }

    func testPaletteImageIsExpandedToRGB() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let indices: [UInt8] = [0, 1, 2, 2, 1, 0]
        let bytes = indices.withUnsafeBytes { ix in
            palette.withUnsafeBytes { pal in
                libpngWrite(width: 3, height: 2, format: UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_COLORMAP),
                            buffer: ix.baseAddress!, colormap: pal.baseAddress, colormapEntries: 3)
            }
        }
        XCTAssertEqual(bytes[25], 3, "colour type is palette")
        let image = try PNG.decode(data: bytes)
        XCTAssertEqual(image.channels, 3)
        XCTAssertEqual(image.pixel(x: 0, y: 0), [255, 0, 0])
        XCTAssertEqual(image.pixel(x: 2, y: 0), [0, 0, 255])
        XCTAssertEqual(image.pixel(x: 1, y: 1), [0, 255, 0])
    }

    func testGrayAlphaIsExpandedToRGBA() throws {
        let samples: [UInt8] = [10, 255, 200, 0, 128, 77]
        let bytes = samples.withUnsafeBytes {
            libpngWrite(width: 3, height: 1, format: UInt32(PNG_FORMAT_FLAG_ALPHA), buffer: $0.baseAddress!)
        }
        XCTAssertEqual(bytes[25], 4, "colour type is gray+alpha")
        let image = try PNG.decode(data: bytes)
        XCTAssertEqual(image.channels, 4)
        XCTAssertEqual(image.pixel(x: 0, y: 0), [10, 10, 10, 255])
        XCTAssertEqual(image.pixel(x: 2, y: 0)[3], 77)
    }

    func testSixteenBitIsScaledToEightBit() throws {
        let samples: [UInt16] = [0, 65535, 0, 65535, 65535, 65535]
        let bytes = samples.withUnsafeBytes {
            libpngWrite(width: 2, height: 1, format: UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_LINEAR), buffer: $0.baseAddress!)
        }
        XCTAssertEqual(bytes[24], 16, "bit depth")
        let image = try PNG.decode(data: bytes)
        XCTAssertEqual(image.channels, 3)
        XCTAssertEqual(image.pixels, [0, 255, 0, 255, 255, 255])
    }

    func testSixteenBitWithoutGammaIsScaledNotGammaCorrected() throws {
        // Gray 16-bit, no gAMA chunk: 0x8080 is mid-gray 128 (not brightened as if linear).
        let png = RawPNG.make(width: 3, height: 1, bitDepth: 16, colorType: 0, rows: [[0x80, 0x80, 0x40, 0x00, 0xff, 0xff]])
        let image = try PNG.decode(data: png)
        XCTAssertEqual(image.channels, 1)
        XCTAssertEqual(image.pixels, [128, 64, 255])
    }

    func testLowBitDepthsAndTransparency() throws {
        // 1-bit gray: 1 0 1 0 1 0 1 0 1 (9 pixels over two bytes).
        let bits = try PNG.decode(data: RawPNG.make(width: 9, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1010_1010, 0b1000_0000]]))
        XCTAssertEqual(bits.pixels, [255, 0, 255, 0, 255, 0, 255, 0, 255])
        // 4-bit palette with a tRNS chunk making entry 1 transparent: RGBA.
        let plte = RawPNG.chunk("PLTE", [10, 20, 30, 200, 100, 50])
        let trns = RawPNG.chunk("tRNS", [255, 0])
        let palette = try PNG.decode(data: RawPNG.make(width: 2, height: 1, bitDepth: 4, colorType: 3, rows: [[0x01]],
                                                       extra: [plte, trns]))
        XCTAssertEqual(palette.channels, 4)
        XCTAssertEqual(palette.pixel(x: 0, y: 0), [10, 20, 30, 255])
        XCTAssertEqual(palette.pixel(x: 1, y: 0)[3], 0)
        // The hand-made builder is right: an 8-bit RGB file decodes to its bytes.
        let rgb = try PNG.decode(data: RawPNG.make(width: 1, height: 2, bitDepth: 8, colorType: 2, rows: [[1, 2, 3], [4, 5, 6]]))
        XCTAssertEqual(rgb.pixels, [1, 2, 3, 4, 5, 6])
    }

    func testHugeDeclaredSizeIsRefused() {
        let png = RawPNG.make(width: 1_000_000, height: 1_000_000, bitDepth: 8, colorType: 6, rows: [[0, 0, 0, 0]])
        XCTAssertThrowsError(try PNG.decode(data: png, name: "bomb.png")) { error in
            XCTAssertTrue("\(error)".hasPrefix("bomb.png: "), "\(error)")
        }
    }

    func testBadFilesGiveErrorsNamingTheFile() throws {
        let notPNG = folder + "/x.png"
        try Array("hello, not a picture".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: notPNG)) }
        XCTAssertThrowsError(try PNG.read(path: notPNG)) { error in
            XCTAssertEqual("\(error)", "\(notPNG): not a PNG file (bad signature)")
        }

        let good = try PNG.encode(pattern(width: 40, height: 40, channels: 3))
        let truncatedPath = folder + "/truncated.png"
        try Data(good[0..<(good.count / 2)]).write(to: URL(fileURLWithPath: truncatedPath))
        XCTAssertThrowsError(try PNG.read(path: truncatedPath)) { error in
            XCTAssertEqual("\(error)", "\(truncatedPath): truncated PNG: the file ends before the image is complete")
        }

        var corrupt = good
        for i in 40..<min(90, corrupt.count) { corrupt[i] ^= 0x5A }
        XCTAssertThrowsError(try PNG.decode(data: corrupt, name: "data/c.png")) { error in
            XCTAssertTrue("\(error)".hasPrefix("data/c.png: corrupt PNG (libpng: "), "\(error)")
        }
        // Data works as well as [UInt8].
        XCTAssertEqual(try PNG.decode(data: Data(good)).width, 40)

        XCTAssertThrowsError(try PNG.read(path: folder + "/missing.png")) { error in
            XCTAssertEqual("\(error)", "\(folder!)/missing.png: no such file")
        }
        XCTAssertThrowsError(try PNG.decode(data: [], name: "empty.png")) { error in
            XCTAssertEqual("\(error)", "empty.png: empty file, not a PNG")
        }
    }

    func testInconsistentImagesAreRefused() {
        let wrongCount = Image(width: 4, height: 4, channels: 3, pixels: [1, 2, 3])
        XCTAssertThrowsError(try PNG.encode(wrongCount)) { error in
            XCTAssertTrue("\(error)".contains("pixel count 3 does not match 4x4x3 = 48"), "\(error)")
        }
        XCTAssertThrowsError(try PNG.encode(Image(width: 0, height: 5, channels: 1, pixels: [])))
        XCTAssertThrowsError(try PNG.encode(Image(width: 1, height: 1, channels: 2, pixels: [0, 0])))
        XCTAssertThrowsError(try PNG.write(wrongCount, path: folder + "/never.png"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/never.png"))
    }

    func testWritingIntoAMissingFolderFails() {
        XCTAssertThrowsError(try PNG.write(pattern(width: 2, height: 2, channels: 1), path: folder + "/no/such/dir/a.png")) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(folder!)/no/such/dir/a.png: "), "\(error)")
        }
    }
}
