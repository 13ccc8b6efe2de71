// im2col and col2im: the lowering of a convolution to a matrix product.
//
// For one image of shape [C, H, W], the column matrix has one row per (channel, kernel row,
// kernel column) — C·kh·kw rows — and one column per output pixel: row (c, i, j), column
// (oh, ow) holds x[c, oh·sh − ph + i, ow·sw − pw + j], or 0 outside the image. The
// convolution is then weight[Cout, C·kh·kw] × col. Several images can share one column
// matrix side by side (image b at column offset b·livePixels, row length `ld`).
//
// Only "live" output pixels get columns: those whose receptive field reaches into the
// image. With heavy padding (the course's padding 15 on 28x28 at stride 2) most outputs
// see nothing but padding: their value is the bias and their gradient reaches nothing, so
// skipping them saves about 3/4 of the work.

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
    /// Output pixels per image.
    var pixels: Int { outH * outW }

    /// Output rows (columns) whose receptive field touches the image.
    var liveRows: Range<Int> { live(outH, strideH, padH, kernelH, height) }
    var liveCols: Range<Int> { live(outW, strideW, padW, kernelW, width) }
    /// Columns of the column matrix per image: the live output pixels.
    var livePixels: Int { liveRows.count * liveCols.count }
    /// Whether every output pixel is live (then column and output layouts coincide).
    var isFullyLive: Bool { liveRows.count == outH && liveCols.count == outW }

    private func live(_ out: Int, _ s: Int, _ p: Int, _ k: Int, _ size: Int) -> Range<Int> {
        // o·s − p + k − 1 ≥ 0 and o·s − p ≤ size − 1
        let lo = max(0, ceilDiv(p - k + 1, s)), hi = min(out, floorDiv(size - 1 + p, s) + 1)
        return lo..<max(lo, hi)
    }
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

/// Writes the column matrix of one image `x` (live pixels only) into `col` (row stride `ld`).
func im2col(_ x: UnsafePointer<Float>, _ geo: ConvGeometry, _ col: UnsafeMutablePointer<Float>, ld: Int) {
    let rows = geo.liveRows, cols = geo.liveCols, sw = geo.strideW
    let lw = cols.count
    for c in 0..<geo.channels {
        let plane = x + c * geo.height * geo.width
        for i in 0..<geo.kernelH {
            for j in 0..<geo.kernelW {
                let row = col + ((c * geo.kernelH + i) * geo.kernelW + j) * ld - cols.lowerBound
                let valid = geo.validColumns(j)  // within `cols`
                for y in rows {
                    let dst = row + (y - rows.lowerBound) * lw   // dst[x] for x in cols
                    let iy = y * geo.strideH - geo.padH + i
                    if iy < 0 || iy >= geo.height || valid.isEmpty {
                        (dst + cols.lowerBound).update(repeating: 0, count: lw)
                        continue
                    }
                    let src = plane + iy * geo.width - geo.padW + j   // src[x·sw] is input column x·sw − pw + j
                    if valid.lowerBound > cols.lowerBound {
                        (dst + cols.lowerBound).update(repeating: 0, count: valid.lowerBound - cols.lowerBound)
                    }
                    if sw == 1 {
                        (dst + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                    } else {
                        for x in valid { dst[x] = src[x * sw] }
                    }
                    if valid.upperBound < cols.upperBound {
                        (dst + valid.upperBound).update(repeating: 0, count: cols.upperBound - valid.upperBound)
                    }
                }
            }
        }
    }
}

/// Adds the column matrix `col` (live pixels, row stride `ld`) back into the image gradient
/// `dx`: the transpose of `im2col`. `dx` must be initialised (usually zeroed).
func col2im(_ col: UnsafePointer<Float>, ld: Int, _ geo: ConvGeometry, _ dx: UnsafeMutablePointer<Float>) {
    let rows = geo.liveRows, cols = geo.liveCols, sw = geo.strideW
    let lw = cols.count
    for c in 0..<geo.channels {
        let plane = dx + c * geo.height * geo.width
        for i in 0..<geo.kernelH {
            for j in 0..<geo.kernelW {
                let row = col + ((c * geo.kernelH + i) * geo.kernelW + j) * ld - cols.lowerBound
                let valid = geo.validColumns(j)
                if valid.isEmpty { continue }
                for y in rows {
                    let iy = y * geo.strideH - geo.padH + i
                    if iy < 0 || iy >= geo.height { continue }
                    let src = row + (y - rows.lowerBound) * lw
                    let dst = plane + iy * geo.width - geo.padW + j
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

/// Copies the live pixels of one image's output gradient [Cout, outH, outW] into the
/// column layout: dst[c·ld + (y − y0)·liveW + (x − x0)].
func gatherLive(_ gradOutput: UnsafePointer<Float>, channels: Int, _ geo: ConvGeometry, _ dst: UnsafeMutablePointer<Float>, ld: Int) {
    let rows = geo.liveRows, cols = geo.liveCols
    for c in 0..<channels {
        for y in rows {
            (dst + c * ld + (y - rows.lowerBound) * cols.count)
                .update(from: gradOutput + (c * geo.outH + y) * geo.outW + cols.lowerBound, count: cols.count)
        }
    }
}

/// The reverse of `gatherLive` for a convolution's output: writes src (column layout) + bias
/// into out [Cout, outH, outW]; outputs that are not live get the bias alone.
func scatterLive(_ src: UnsafePointer<Float>, ld: Int, channels: Int, _ geo: ConvGeometry,
                 bias: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>) {
    let rows = geo.liveRows, cols = geo.liveCols, plane = geo.pixels
    for c in 0..<channels {
        let v = bias?[c] ?? 0
        let dst = out + c * plane
        if !geo.isFullyLive { dst.update(repeating: v, count: plane) }
        for y in rows {
            let s = src + c * ld + (y - rows.lowerBound) * cols.count
            let d = dst + y * geo.outW + cols.lowerBound
            for x in 0..<cols.count { d[x] = s[x] + v }
        }
    }
}
