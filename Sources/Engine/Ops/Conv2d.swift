// 2-D convolution (`F.conv2d`) as im2col + GEMM, forward and backward.
//
// Images are processed in chunks whose column matrix stays small (a few hundred KB to a
// few MB), each thread working on its own images with single-threaded OpenBLAS:
//   forward       out[b]  = W[Cout, K] × col(x[b])[K, P]                    (+ bias)
//   weight grad   dW     += g[b][Cout, P] × col(x[b])ᵀ                      (summed over the batch)
//   input grad    stride 1: dx[b] = flip(W)[Cin, Cout·kh·kw] × col(g[b])    (a convolution of g)
//                 stride>1: dx[b] = col2im(Wᵀ[K, Cout] × g[b])
// K = Cin·kh·kw, P = output pixels per image.

/// Columns (output pixels × images) per GEMM: enough to run OpenBLAS at full speed,
/// small enough for the column matrix to stay in cache.
private let targetColumns = 1024

/// 2-D convolution over a batch of images (`torch.nn.functional.conv2d`).
///
/// - Parameters:
///   - input: [N, Cin, H, W] (or [Cin, H, W] for one image).
///   - weight: [Cout, Cin, kH, kW].
///   - bias: [Cout], or nil.
/// - Returns: [N, Cout, (H + 2·padding − kH) / stride + 1, (W + 2·padding − kW) / stride + 1].
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
    if input.rank == 3 {
        return conv2d(input.unsqueeze(0), weight, bias, stride: stride, padding: padding).squeeze(0)
    }
    require(input.rank == 4, "conv2d expects input of shape [N, C, H, W], got \(input.shape)")
    require(weight.rank == 4, "conv2d expects weight of shape [Cout, Cin, kH, kW], got \(weight.shape)")
    require(stride >= 1 && padding >= 0, "conv2d needs stride ≥ 1 and padding ≥ 0 (got \(stride), \(padding))")
    let (n, cin, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (cout, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    require(weight.shape[1] == cin,
                 "conv2d: weight \(weight.shape) expects \(weight.shape[1]) input channels, input \(input.shape) has \(cin)")
    if let bias { require(bias.shape == [cout], "conv2d: bias of shape \(bias.shape), expected [\(cout)]") }
    require(h + 2 * padding >= kh && w + 2 * padding >= kw,
                 "conv2d: kernel \(kh)x\(kw) is larger than the padded input \(h + 2 * padding)x\(w + 2 * padding)")

    let geo = ConvGeometry(channels: cin, height: h, width: w, kernelH: kh, kernelW: kw,
                           strideH: stride, strideW: stride, padH: padding, padW: padding)
    let out = Tensor(uninitializedShape: [n, cout, geo.outH, geo.outW])
    convForward(input.data, weight.data, bias?.data, out.data, batch: n, outChannels: cout, geo)

    let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
    return out.recorded("convolution", inputs) { g in
        var grads: [Tensor?] = [nil, nil]
        if input.requiresGrad {
            let gx = Tensor(uninitializedShape: input.shape)
            convInputGrad(g.data, weight.data, gx.data, batch: n, outChannels: cout, geo)
            grads[0] = gx
        }
        if weight.requiresGrad {
            let gw = Tensor(uninitializedShape: weight.shape)
            convWeightGrad(g.data, input.data, gw.data, batch: n, outChannels: cout, geo)
            grads[1] = gw
        }
        if let bias {
            grads.append(bias.requiresGrad ? channelSums(g, channels: cout) : nil)
        }
        return grads
    }
}

/// Images per chunk for a GEMM of `pixels` columns per image.
@inline(__always)
private func chunkSize(pixels: Int, batch: Int) -> Int {
    max(1, min(batch, targetColumns / max(pixels, 1)))
}

/// out = conv(x, w) + bias for the whole batch.
private func convForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                         _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ g: ConvGeometry) {
    let k = g.patch, p = g.pixels
    let outSize = cout * p
    let chunk = g.isPointwise ? 1 : chunkSize(pixels: p, batch: batch)
    parallelForWithBLAS(batch) { images in
        Workspace.with(g.isPointwise ? 0 : k * chunk * p, chunk > 1 ? cout * chunk * p : 0) { col, tmp in
            var b = images.lowerBound
            while b < images.upperBound {
                let m = min(chunk, images.upperBound - b)
                let cols = m * p
                let source: UnsafePointer<Float>
                if g.isPointwise {
                    source = x + b * g.imageSize
                } else {
                    for i in 0..<m { im2col(x + (b + i) * g.imageSize, g, col + i * p, ld: cols) }
                    source = UnsafePointer(col)
                }
                if m == 1 {
                    let dst = out + b * outSize
                    if let bias { for c in 0..<cout { (dst + c * p).update(repeating: bias[c], count: p) } }
                    sgemm(w, transA: false, source, transB: false, dst, m: cout, n: p, k: k, accumulate: bias != nil)
                } else {
                    sgemm(w, transA: false, source, transB: false, tmp, m: cout, n: cols, k: k)
                    // tmp is [Cout, image, pixel]; out is [image, Cout, pixel].
                    for i in 0..<m {
                        for c in 0..<cout {
                            let src = tmp + c * cols + i * p, dst = out + (b + i) * outSize + c * p
                            if let bias {
                                let v = bias[c]
                                for q in 0..<p { dst[q] = src[q] + v }
                            } else {
                                dst.update(from: src, count: p)
                            }
                        }
                    }
                }
                b += m
            }
        }
    }
}

/// dW = Σ_b g[b] × col(x[b])ᵀ, each thread summing its images into its own partial.
private func convWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ gw: UnsafeMutablePointer<Float>,
                            batch: Int, outChannels cout: Int, _ g: ConvGeometry) {
    let k = g.patch, p = g.pixels
    let outSize = cout * p
    let chunk = g.isPointwise ? 1 : chunkSize(pixels: p, batch: batch)
    let tasks = batch >= Threads.count ? Threads.count : 1
    gw.update(repeating: 0, count: cout * k)
    // Partials for every task but the first, which accumulates straight into gw.
    Workspace.with(max(tasks - 1, 0) * cout * k) { partials in
        parallelForWithBLAS(tasks) { taskRange in
            for task in taskRange {
                let acc = task == 0 ? gw : partials + (task - 1) * cout * k
                if task > 0 { acc.update(repeating: 0, count: cout * k) }
                let images = (batch * task / tasks)..<(batch * (task + 1) / tasks)
                Workspace.with(g.isPointwise ? 0 : k * chunk * p, chunk > 1 ? cout * chunk * p : 0) { col, gathered in
                    var b = images.lowerBound
                    while b < images.upperBound {
                        let m = min(chunk, images.upperBound - b)
                        let cols = m * p
                        let xs: UnsafePointer<Float>
                        if g.isPointwise {
                            xs = x + b * g.imageSize
                        } else {
                            for i in 0..<m { im2col(x + (b + i) * g.imageSize, g, col + i * p, ld: cols) }
                            xs = UnsafePointer(col)
                        }
                        let gs: UnsafePointer<Float>
                        if m == 1 {
                            gs = gy + b * outSize
                        } else {
                            // [image, Cout, pixel] → [Cout, image, pixel], matching col's columns.
                            for i in 0..<m {
                                for c in 0..<cout {
                                    (gathered + c * cols + i * p).update(from: gy + (b + i) * outSize + c * p, count: p)
                                }
                            }
                            gs = UnsafePointer(gathered)
                        }
                        sgemm(gs, transA: false, xs, transB: true, acc, m: cout, n: k, k: cols, accumulate: true)
                        b += m
                    }
                }
            }
        }
        for t in 1..<max(tasks, 1) {
            let src = partials + (t - 1) * cout * k
            for i in 0..<(cout * k) { gw[i] += src[i] }
        }
    }
}

/// dx for the whole batch.
private func convInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                           batch: Int, outChannels cout: Int, _ g: ConvGeometry) {
    let k = g.patch, p = g.pixels
    let outSize = cout * p
    if g.isPointwise {
        parallelForWithBLAS(batch) { images in
            for b in images {
                sgemm(w, transA: true, gy + b * outSize, transB: false, gx + b * g.imageSize, m: k, n: p, k: cout)
            }
        }
        return
    }
    if g.strideH == 1 && g.strideW == 1 {
        // dx is the convolution of g with the weights flipped in space and with input and
        // output channels swapped, padded by k − 1 − p.
        let flipped = ConvGeometry(channels: cout, height: g.outH, width: g.outW,
                                   kernelH: g.kernelH, kernelW: g.kernelW, strideH: 1, strideW: 1,
                                   padH: g.kernelH - 1 - g.padH, padW: g.kernelW - 1 - g.padW)
        let taps = g.kernelH * g.kernelW
        Workspace.with(g.channels * cout * taps) { wf in
            for c in 0..<g.channels {
                for o in 0..<cout {
                    for t in 0..<taps { wf[(c * cout + o) * taps + t] = w[(o * g.channels + c) * taps + (taps - 1 - t)] }
                }
            }
            convForward(gy, wf, nil, gx, batch: batch, outChannels: g.channels, flipped)
        }
        return
    }
    // Strided: the column-matrix gradient Wᵀ × g, folded back into the image.
    let chunk = chunkSize(pixels: p, batch: batch)
    parallelForWithBLAS(batch) { images in
        Workspace.with(k * chunk * p, chunk > 1 ? cout * chunk * p : 0) { dcol, gathered in
            var b = images.lowerBound
            while b < images.upperBound {
                let m = min(chunk, images.upperBound - b)
                let cols = m * p
                let gs: UnsafePointer<Float>
                if m == 1 {
                    gs = gy + b * outSize
                } else {
                    for i in 0..<m {
                        for c in 0..<cout {
                            (gathered + c * cols + i * p).update(from: gy + (b + i) * outSize + c * p, count: p)
                        }
                    }
                    gs = UnsafePointer(gathered)
                }
                sgemm(w, transA: true, gs, transB: false, dcol, m: k, n: cols, k: cout)
                for i in 0..<m {
                    let dst = gx + (b + i) * g.imageSize
                    dst.update(repeating: 0, count: g.imageSize)
                    col2im(dcol + i * p, ld: cols, g, dst)
                }
                b += m
            }
        }
    }
}

/// Σ over batch and space of g [N, C, …] per channel: the gradient of a per-channel bias.
func channelSums(_ g: Tensor, channels: Int) -> Tensor {
    let n = g.shape[0], inner = g.count / max(n * channels, 1)
    let out = Tensor(uninitializedShape: [channels])
    let pg = g.data, po = out.data
    parallelFor(channels, minPerTask: max(1, 65536 / max(n * inner, 1))) { range in
        for c in range {
            var total = 0.0
            for b in 0..<n { total += Double(vectorSum(pg + (b * channels + c) * inner, inner)) }
            po[c] = Float(total)
        }
    }
    return out
}
