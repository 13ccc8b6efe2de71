// 2-D convolution (`F.conv2d`), forward and backward.
//
// Stride-1 convolutions run as direct AVX-512 or AVX2/FMA loops (KernelISA.active): no column
// matrix, close to the CPU's FMA peak; the AVX-512 ones read the images in place, the AVX2 ones
// a zero-padded copy of each. The weight gradient of 3x3 ones likewise, with the bias gradient
// summed along (ConvDirect.swift). Everything else, and the generic path, use im2col + GEMM
// (ConvIm2col.swift).
//
// convForward, convInputGrad and convWeightGrad choose between the two per pass.

/// 2-D convolution over a batch of images (`F.conv2d(input, weight, bias=None, stride=1,
/// padding=0, dilation=1, groups=1)`), with one number for both axes; the same function with
/// (height, width) pairs follows.
///
/// - Parameters:
///   - input: [N, Cin, H, W] (or [Cin, H, W] for one image).
///   - weight: [Cout, Cin / groups, kH, kW].
///   - bias: [Cout], or nil.
///   - stride: Step of the kernel over the input, in both directions.
///   - padding: Zeros added on each side of H and W.
///   - dilation: Distance between the kernel's taps (1: adjacent).
///   - groups: Channel groups: group g convolves its Cin / groups input channels into its
///     Cout / groups output channels only (groups = Cin = Cout: depthwise).
/// - Returns: [N, Cout, (H + 2·padding − dilation·(kH − 1) − 1) / stride + 1, (likewise W)].
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                   stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) -> Tensor {
    conv2d(input, weight, bias, stride: (stride, stride), padding: (padding, padding),
           dilation: (dilation, dilation), groups: groups)
}

// PyTorch takes a number or a pair for each size; Swift needs a spelling for each. The pair
// spelling is disfavoured so that a call naming no size (`conv2d(x, w)`, `groups: 2`) takes the
// one-number spelling instead of being ambiguous between the two.

/// 2-D convolution with its own stride, padding and dilation along height and width
/// (`F.conv2d(x, w, b, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))`); see above.
@_disfavoredOverload
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                   stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                   dilation: (Int, Int) = (1, 1), groups: Int = 1) -> Tensor {
    // An unbatched [C, H, W] input is a batch of one, as in PyTorch.
    if input.rank == 3 {
        return conv2d(input.unsqueeze(0), weight, bias, stride: stride, padding: padding,
                      dilation: dilation, groups: groups).squeeze(0)
    }
    if dilation != (1, 1) || groups != 1 {
        return dilatedOrGroupedConv2d(input, weight, bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
    return denseConv2d(input, weight, bias, stride: stride, padding: padding)
}

/// The plain convolution (dilation 1, one group), on the direct kernels or im2col + GEMM.
func denseConv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: (Int, Int), padding: (Int, Int)) -> Tensor {
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
    return out.recorded("convolution", inputs) { gradOutput in
        var grads: [Tensor?] = [nil, nil]
        if input.requiresGrad {
            let gx = Tensor(uninitializedShape: input.shape)
            convInputGrad(gradOutput.data, weight.data, gx.data, batch: n, outChannels: cout, geo)
            grads[0] = gx
        }
        let gb = bias?.requiresGrad == true ? Tensor(uninitializedShape: [cout]) : nil
        if weight.requiresGrad {
            let gw = Tensor(uninitializedShape: weight.shape)
            convWeightGrad(gradOutput.data, input.data, gw.data, biasGrad: gb?.data, batch: n, outChannels: cout, geo)
            grads[1] = gw
        } else if let gb {
            channelSums(gradOutput.data, gb.data, batch: n, channels: cout, inner: geo.pixels)
        }
        if bias != nil { grads.append(gb) }
        return grads
    }
}


/// out = conv(x, w) + bias for the whole batch, then `pass` (residual, ReLU) on each image.
func convForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                 _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ geo: ConvGeometry,
                 then pass: ConvOutputPass = .none) {
    if ConvKernels.direct && geo.strideH == 1 && geo.strideW == 1 && !geo.isPointwise && geo.padH >= 0 && geo.padW >= 0 {
        directForward(x, w, bias, out, batch: batch, outChannels: cout, geo, then: pass)
    } else {
        gemmForward(x, w, bias, out, batch: batch, outChannels: cout, geo)
        if !pass.isNone {
            let outSize = cout * geo.pixels
            parallelForDynamic(batch) { images in for b in images { pass.apply(out, image: b, count: outSize) } }
        }
    }
}

/// dW for the whole batch (overwritten), and the bias gradient into `gb` when given (summed
/// along by the direct kernel where it can, else by channelSums).
func convWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ gw: UnsafeMutablePointer<Float>,
                    biasGrad gb: UnsafeMutablePointer<Float>?, batch: Int, outChannels cout: Int, _ geo: ConvGeometry) {
    let direct = ConvKernels.direct && geo.strideH == 1 && geo.strideW == 1 && geo.kernelH == 3 && geo.kernelW == 3
    let fusedBias = gb != nil && direct && directWeightGradSumsBias(geo)
    // The batch in `parts` fixed slices, one partial sum each (the first straight into gw and
    // gb), added up in slice order at the end: weights, then (fusedBias) the bias. The direct
    // kernels cut it into up to 16 slices that threads take as they finish one, so that a
    // thread that runs slower (a busy neighbour on a virtual CPU) does not hold the other up;
    // the sum depends neither on which thread took which slice nor (up to 4 threads) on the
    // thread count. The GEMM path keeps one slice per thread: its GEMMs want many images a call.
    let weights = cout * geo.patch, sums = weights + (fusedBias ? cout : 0)
    let parts = direct ? min(batch, max(16, 4 * Threads.count)) : batch >= Threads.count ? Threads.count : 1
    gw.update(repeating: 0, count: weights)
    if fusedBias { gb!.update(repeating: 0, count: cout) }
    ScratchBuffers.with(max(parts - 1, 0) * sums) { partials in
        let slices = { (range: Range<Int>) in
            for part in range {
                let acc = part == 0 ? gw : partials + (part - 1) * sums
                let biasAcc = fusedBias ? (part == 0 ? gb : acc + weights) : nil
                if part > 0 { acc.update(repeating: 0, count: sums) }
                let images = (batch * part / parts)..<(batch * (part + 1) / parts)
                if direct {
                    directWeightGrad(gy, x, acc, biasAcc: biasAcc, images: images, of: batch, outChannels: cout, geo)
                } else {
                    gemmWeightGrad(gy, x, acc, images: images, outChannels: cout, geo)
                }
            }
        }
        if direct { parallelForDynamic(parts, slices) } else { parallelForWithBLAS(parts, slices) }
        for p in 1..<max(parts, 1) {
            let src = partials + (p - 1) * sums
            for i in 0..<weights { gw[i] += src[i] }
            if fusedBias { for o in 0..<cout { gb![o] += src[weights + o] } }
        }
    }
    if let gb, !fusedBias { channelSums(gy, gb, batch: batch, channels: cout, inner: geo.pixels) }
}

/// dx for the whole batch (overwritten).
func convInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                   batch: Int, outChannels cout: Int, _ geo: ConvGeometry) {
    if geo.strideH == 1 && geo.strideW == 1 && !geo.isPointwise {
        // dx is the convolution of gy with the weights rotated by 180° and input and output
        // channels swapped, padded by k − 1 − p (negative: cropped).
        let flipped = ConvGeometry(channels: cout, height: geo.outH, width: geo.outW,
                                   kernelH: geo.kernelH, kernelW: geo.kernelW, strideH: 1, strideW: 1,
                                   padH: geo.kernelH - 1 - geo.padH, padW: geo.kernelW - 1 - geo.padW)
        if ConvKernels.direct && flipped.padH >= 0 && flipped.padW >= 0 {
            directInputGrad(gy, w, gx, batch: batch, outChannels: cout, geo, flipped: flipped)
            return
        }
        let taps = geo.kernelH * geo.kernelW
        ScratchBuffers.with(geo.channels * cout * taps) { wf in
            for c in 0..<geo.channels {
                for o in 0..<cout {
                    for t in 0..<taps { wf[(c * cout + o) * taps + t] = w[(o * geo.channels + c) * taps + (taps - 1 - t)] }
                }
            }
            gemmForward(gy, wf, nil, gx, batch: batch, outChannels: geo.channels, flipped)
        }
        return
    }
    gemmInputGrad(gy, w, gx, batch: batch, outChannels: cout, geo)
}

/// Σ over batch and space of `gradOutput` [batch, channels, inner] per channel, into `out`
/// [channels]: the gradient of a per-channel bias.
func channelSums(_ gradOutput: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, batch n: Int, channels: Int, inner: Int) {
    parallelFor(channels, minPerTask: max(1, 65536 / max(n * inner, 1))) { range in
        for c in range {
            var total = 0.0
            for b in 0..<n { total += Double(vectorSum(gradOutput + (b * channels + c) * inner, inner)) }
            out[c] = Float(total)
        }
    }
}
