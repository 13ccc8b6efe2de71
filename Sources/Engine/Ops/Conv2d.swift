// 2-D convolution (`F.conv2d`), forward and backward.
//
// Stride-1 convolutions run as direct AVX-512 or AVX2/FMA loops (KernelISA.active) over a
// zero-padded copy of each image (CKernels: no column matrix, close to the CPU's FMA peak);
// the weight gradient of 3x3 ones likewise (ConvDirect.swift). Everything else, and the
// generic path, use im2col + GEMM (ConvIm2col.swift).
//
// convForward, convInputGrad and convWeightGrad choose between the two per pass.

/// 2-D convolution over a batch of images (`torch.nn.functional.conv2d`).
///
/// - Parameters:
///   - input: [N, Cin, H, W] (or [Cin, H, W] for one image).
///   - weight: [Cout, Cin, kH, kW].
///   - bias: [Cout], or nil.
///   - stride: Step of the kernel over the input, in both directions.
///   - padding: Zeros added on each side of H and W.
/// - Returns: [N, Cout, (H + 2·padding − kH) / stride + 1, (W + 2·padding − kW) / stride + 1].
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
    conv2d(input, weight, bias, stride: (stride, stride), padding: (padding, padding))
}

/// 2-D convolution with its own stride and padding along height and width
/// (`F.conv2d(x, w, b, stride=(sh, sw), padding=(ph, pw))`); the kernel [Cout, Cin, kH, kW]
/// may be rectangular.
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: (Int, Int), padding: (Int, Int) = (0, 0)) -> Tensor {
    if input.rank == 3 {
        return conv2d(input.unsqueeze(0), weight, bias, stride: stride, padding: padding).squeeze(0)
    }
    require(input.rank == 4, "conv2d expects input of shape [N, C, H, W], got \(input.shape)")
    require(weight.rank == 4, "conv2d expects weight of shape [Cout, Cin, kH, kW], got \(weight.shape)")
    require(stride.0 >= 1 && stride.1 >= 1 && padding.0 >= 0 && padding.1 >= 0,
            "conv2d needs stride ≥ 1 and padding ≥ 0 (got stride \(stride), padding \(padding))")
    let (n, cin, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (cout, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    require(weight.shape[1] == cin,
            "conv2d: weight \(weight.shape) expects \(weight.shape[1]) input channels, input \(input.shape) has \(cin)")
    if let bias { require(bias.shape == [cout], "conv2d: bias of shape \(bias.shape), expected [\(cout)]") }
    require(h + 2 * padding.0 >= kh && w + 2 * padding.1 >= kw,
            "conv2d: kernel \(kh)x\(kw) is larger than the padded input \(h + 2 * padding.0)x\(w + 2 * padding.1)")

    let geo = ConvGeometry(channels: cin, height: h, width: w, kernelH: kh, kernelW: kw,
                           strideH: stride.0, strideW: stride.1, padH: padding.0, padW: padding.1)
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


/// out = conv(x, w) + bias for the whole batch, clamped at 0 when `relu`.
func convForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                 _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ g: ConvGeometry,
                 relu: Bool = false) {
    if ConvKernels.direct && g.strideH == 1 && g.strideW == 1 && !g.isPointwise && g.padH >= 0 && g.padW >= 0 {
        directForward(x, w, bias, out, batch: batch, outChannels: cout, g, relu: relu)
    } else {
        gemmForward(x, w, bias, out, batch: batch, outChannels: cout, g)
        if relu { reluForward(out, out, count: batch * cout * g.outH * g.outW) }
    }
}

/// dW for the whole batch (overwritten).
func convWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ gw: UnsafeMutablePointer<Float>,
                    batch: Int, outChannels cout: Int, _ g: ConvGeometry) {
    let direct = ConvKernels.direct && g.strideH == 1 && g.strideW == 1 && g.kernelH == 3 && g.kernelW == 3
    let k = g.patch
    // One partial sum per thread (the first thread's straight into gw), added up at the end.
    let tasks = batch >= Threads.count ? Threads.count : 1
    gw.update(repeating: 0, count: cout * k)
    Workspace.with(max(tasks - 1, 0) * cout * k) { partials in
        parallelForWithBLAS(tasks) { taskRange in
            for task in taskRange {
                let acc = task == 0 ? gw : partials + (task - 1) * cout * k
                if task > 0 { acc.update(repeating: 0, count: cout * k) }
                let images = (batch * task / tasks)..<(batch * (task + 1) / tasks)
                if direct {
                    directWeightGrad(gy, x, acc, images: images, outChannels: cout, g)
                } else {
                    gemmWeightGrad(gy, x, acc, images: images, outChannels: cout, g)
                }
            }
        }
        for t in 1..<max(tasks, 1) {
            let src = partials + (t - 1) * cout * k
            for i in 0..<(cout * k) { gw[i] += src[i] }
        }
    }
}

/// dx for the whole batch (overwritten).
func convInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                   batch: Int, outChannels cout: Int, _ g: ConvGeometry) {
    if g.strideH == 1 && g.strideW == 1 && !g.isPointwise {
        // dx is the convolution of g with the weights rotated by 180° and input and output
        // channels swapped, padded by k − 1 − p (negative: cropped).
        let flipped = ConvGeometry(channels: cout, height: g.outH, width: g.outW,
                                   kernelH: g.kernelH, kernelW: g.kernelW, strideH: 1, strideW: 1,
                                   padH: g.kernelH - 1 - g.padH, padW: g.kernelW - 1 - g.padW)
        if ConvKernels.direct && flipped.padH >= 0 && flipped.padW >= 0 {
            directInputGrad(gy, w, gx, batch: batch, outChannels: cout, g, flipped: flipped)
            return
        }
        let taps = g.kernelH * g.kernelW
        Workspace.with(g.channels * cout * taps) { wf in
            for c in 0..<g.channels {
                for o in 0..<cout {
                    for t in 0..<taps { wf[(c * cout + o) * taps + t] = w[(o * g.channels + c) * taps + (taps - 1 - t)] }
                }
            }
            gemmForward(gy, wf, nil, gx, batch: batch, outChannels: g.channels, flipped)
        }
        return
    }
    gemmInputGrad(gy, w, gx, batch: batch, outChannels: cout, g)
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
