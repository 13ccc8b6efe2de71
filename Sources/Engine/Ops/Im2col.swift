// im2col and col2im: the lowering of a convolution to a matrix product.
//
// For one image of shape [C, H, W], the column matrix has one row per (channel, kernel row,
// kernel column) — C·kh·kw rows — and one column per output pixel: row (c, i, j), column
// (oh, ow) holds x[c, oh·sh − ph + i, ow·sw − pw + j], or 0 outside the image. The
// convolution is then weight[Cout, C·kh·kw] × col. Several images can share one column
// matrix side by side (image b at column offset b·pixels, row length `ld`).

/// The shape of a 2-D convolution over one image.
struct ConvGeometry {
    let channels: Int, height: Int, width: Int
    let kernelH: Int, kernelW: Int
    let strideH: Int, strideW: Int
    /// May be negative (a crop), as in the input gradient of a heavily padded convolution.
    let padH: Int, padW: Int

    var outH: Int { (height + 2 * padH - kernelH) / strideH + 1 }
    var outW: Int { (width + 2 * padW - kernelW) / strideW + 1 }
    /// Rows of the column matrix: C·kh·kw.
    var patch: Int { channels * kernelH * kernelW }
    /// Output pixels per image (columns of the column matrix).
    var pixels: Int { outH * outW }
    /// Input elements per image.
    var imageSize: Int { channels * height * width }
    /// A 1x1, stride-1, unpadded convolution needs no column matrix: the image is one.
    var isPointwise: Bool {
        kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
    }

    /// The output columns ow whose input column ow·sw − pw + j lies inside the image.
    @inline(__always)
    func validColumns(_ j: Int) -> Range<Int> {
        let lo = max(0, ceilDiv(padW - j, strideW))
        let hi = min(outW, floorDiv(width - 1 + padW - j, strideW) + 1)
        return lo..<max(lo, hi)
    }
}

@inline(__always) private func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
@inline(__always) private func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }

/// Writes the column matrix of one image `x` into `col` (row stride `ld`).
func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ col: UnsafeMutablePointer<Float>, ld: Int) {
    let oh = g.outH, ow = g.outW, sw = g.strideW
    for c in 0..<g.channels {
        let plane = x + c * g.height * g.width
        for i in 0..<g.kernelH {
            for j in 0..<g.kernelW {
                let row = col + ((c * g.kernelH + i) * g.kernelW + j) * ld
                let valid = g.validColumns(j)
                for y in 0..<oh {
                    let dst = row + y * ow
                    let iy = y * g.strideH - g.padH + i
                    if iy < 0 || iy >= g.height || valid.isEmpty {
                        dst.update(repeating: 0, count: ow)
                        continue
                    }
                    let src = plane + iy * g.width - g.padW + j   // src[x·sw] is input column x·sw − pw + j
                    if valid.lowerBound > 0 { dst.update(repeating: 0, count: valid.lowerBound) }
                    if sw == 1 {
                        (dst + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                    } else {
                        for x in valid { dst[x] = src[x * sw] }
                    }
                    if valid.upperBound < ow { (dst + valid.upperBound).update(repeating: 0, count: ow - valid.upperBound) }
                }
            }
        }
    }
}

/// Adds the column matrix `col` (row stride `ld`) back into the image gradient `dx`:
/// the transpose of `im2col`. `dx` must be initialised (usually zeroed).
func col2im(_ col: UnsafePointer<Float>, ld: Int, _ g: ConvGeometry, _ dx: UnsafeMutablePointer<Float>) {
    let oh = g.outH, ow = g.outW, sw = g.strideW
    for c in 0..<g.channels {
        let plane = dx + c * g.height * g.width
        for i in 0..<g.kernelH {
            for j in 0..<g.kernelW {
                let row = col + ((c * g.kernelH + i) * g.kernelW + j) * ld
                let valid = g.validColumns(j)
                if valid.isEmpty { continue }
                for y in 0..<oh {
                    let iy = y * g.strideH - g.padH + i
                    if iy < 0 || iy >= g.height { continue }
                    let src = row + y * ow
                    let dst = plane + iy * g.width - g.padW + j
                    if sw == 1 {
                        for x in valid { dst[x] += src[x] }
                    } else {
                        for x in valid { dst[x * sw] += src[x] }
                    }
                }
            }
        }
    }
}
