// Convolution as im2col + GEMM (OpenBLAS), for what the direct kernels do not cover
// (strides > 1, 1x1 kernels, CPUs without AVX2).
//
// Images are processed in chunks whose column matrix stays small, each thread working on
// its own images with single-threaded OpenBLAS:
//   forward       out[b]  = W[Cout, K] × col(x[b])[K, L]            (+ bias)
//   weight grad   dW     += gy[b][Cout, L] × col(x[b])ᵀ              (summed over the batch)
//   input grad    dx[b]   = col2im(Wᵀ[K, Cout] × gy[b])
// K = Cin·kh·kw, L = live output pixels per image (see Im2col.swift). A 1x1, stride-1,
// unpadded convolution needs no column matrix: the image already is one.

/// Columns (live pixels × images) per GEMM: enough to run OpenBLAS at full speed, small
/// enough for the column matrix to stay in cache.
private let targetColumns = 1024

/// Images per chunk.
@inline(__always)
private func chunkSize(_ geo: ConvGeometry, batch: Int) -> Int {
    geo.isPointwise ? 1 : max(1, min(batch, targetColumns / max(geo.livePixels, 1)))
}

/// Forward pass by GEMM.
func gemmForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                 _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ geo: ConvGeometry) {
    let k = geo.patch, l = geo.livePixels
    let outSize = cout * geo.pixels
    let chunk = chunkSize(geo, batch: batch)
    // When one image's columns are its output pixels, GEMM writes straight into the output.
    let columnsArePixels = chunk == 1 && geo.isFullyLive
    parallelForWithBLAS(batch) { images in
        ScratchBuffers.with(geo.isPointwise ? 0 : k * chunk * l, columnsArePixels ? 0 : cout * chunk * l) { col, tmp in
            var b = images.lowerBound
            while b < images.upperBound {
                let m = min(chunk, images.upperBound - b)
                let cols = m * l
                let source: UnsafePointer<Float>
                if geo.isPointwise {
                    source = x + b * geo.imageSize
                } else {
                    for i in 0..<m { im2col(x + (b + i) * geo.imageSize, geo, col + i * l, ld: cols) }
                    source = UnsafePointer(col)
                }
                if columnsArePixels {
                    let dst = out + b * outSize
                    if let bias { for c in 0..<cout { (dst + c * l).update(repeating: bias[c], count: l) } }
                    sgemm(w, transA: false, source, transB: false, dst, m: cout, n: l, k: k, accumulate: bias != nil)
                } else {
                    sgemm(w, transA: false, source, transB: false, tmp, m: cout, n: cols, k: k)
                    // tmp is [Cout, image, live pixel]; out is [image, Cout, pixel].
                    for i in 0..<m {
                        scatterLive(tmp + i * l, ld: cols, channels: cout, geo, bias: bias, out + (b + i) * outSize)
                    }
                }
                b += m
            }
        }
    }
}

/// Adds the weight gradient of `images` to `acc` by GEMM.
func gemmWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<Float>,
                    images: Range<Int>, outChannels cout: Int, _ geo: ConvGeometry) {
    let k = geo.patch, l = geo.livePixels
    let outSize = cout * geo.pixels
    let chunk = chunkSize(geo, batch: images.count)
    let columnsArePixels = chunk == 1 && geo.isFullyLive
    ScratchBuffers.with(geo.isPointwise ? 0 : k * chunk * l, columnsArePixels ? 0 : cout * chunk * l) { col, gathered in
        var b = images.lowerBound
        while b < images.upperBound {
            let m = min(chunk, images.upperBound - b)
            let cols = m * l
            let xs: UnsafePointer<Float>
            if geo.isPointwise {
                xs = x + b * geo.imageSize
            } else {
                for i in 0..<m { im2col(x + (b + i) * geo.imageSize, geo, col + i * l, ld: cols) }
                xs = UnsafePointer(col)
            }
            let gs: UnsafePointer<Float>
            if columnsArePixels {
                gs = gy + b * outSize
            } else {
                // [image, Cout, pixel] → [Cout, image, live pixel], matching col's columns.
                for i in 0..<m { gatherLive(gy + (b + i) * outSize, channels: cout, geo, gathered + i * l, ld: cols) }
                gs = UnsafePointer(gathered)
            }
            sgemm(gs, transA: false, xs, transB: true, acc, m: cout, n: k, k: cols, accumulate: true)
            b += m
        }
    }
}

/// Input gradient by GEMM: the column-matrix gradient Wᵀ × gy, folded back into the image.
func gemmInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                   batch: Int, outChannels cout: Int, _ geo: ConvGeometry) {
    let k = geo.patch, l = geo.livePixels
    let outSize = cout * geo.pixels
    if geo.isPointwise {
        parallelForWithBLAS(batch) { images in
            for b in images {
                sgemm(w, transA: true, gy + b * outSize, transB: false, gx + b * geo.imageSize, m: k, n: l, k: cout)
            }
        }
        return
    }
    let chunk = chunkSize(geo, batch: batch)
    let columnsArePixels = chunk == 1 && geo.isFullyLive
    parallelForWithBLAS(batch) { images in
        ScratchBuffers.with(k * chunk * l, columnsArePixels ? 0 : cout * chunk * l) { dcol, gathered in
            var b = images.lowerBound
            while b < images.upperBound {
                let m = min(chunk, images.upperBound - b)
                let cols = m * l
                let gs: UnsafePointer<Float>
                if columnsArePixels {
                    gs = gy + b * outSize
                } else {
                    for i in 0..<m { gatherLive(gy + (b + i) * outSize, channels: cout, geo, gathered + i * l, ld: cols) }
                    gs = UnsafePointer(gathered)
                }
                sgemm(w, transA: true, gs, transB: false, dcol, m: k, n: cols, k: cout)
                for i in 0..<m {
                    let dst = gx + (b + i) * geo.imageSize
                    dst.update(repeating: 0, count: geo.imageSize)
                    col2im(dcol + i * l, ld: cols, geo, dst)
                }
                b += m
            }
        }
    }
}
