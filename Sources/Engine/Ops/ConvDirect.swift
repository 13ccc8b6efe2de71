import CKernels

// Direct stride-1 convolution on AVX2/FMA and AVX-512 CPUs (the kernels are in
// CKernels/conv.c and conv_avx512.c; KernelISA.active picks them): each image is copied into
// a zero-padded buffer that the kernels read in place, with no column matrix. Parallel over
// images; the weight gradient sums per thread.

/// Which kernels conv2d may use.
enum ConvKernels {
    /// Whether conv2d takes the direct kernels (any path but generic, which is im2col + GEMM).
    static var direct: Bool { KernelISA.active != .generic }
    /// Whether the direct kernels are the AVX-512 ones.
    static var avx512: Bool { KernelISA.active == .avx512 }
}

/// Floats past a padded image that the kernels may read (vectors running past its end).
private let paddedSlack = Int(CK_AVX512_SLACK)

@inline(__always) private func roundUp8(_ n: Int) -> Int { (n + 7) / 8 * 8 }

/// Row length of a padded copy of an image for the direct kernels: vectors of 8 output
/// pixels plus the kernel's reach may read up to roundUp8(outW) + kw − 1 columns.
@inline(__always) private func paddedWidth(_ g: ConvGeometry) -> Int {
    max(roundUp8(g.outW) + g.kernelW - 1, g.width + 2 * g.padW)
}

/// Copies image `src` [C, H, W] into the interior of the zeroed buffer `dst` [C, hp, wp]
/// (padding rows and columns stay zero, so a buffer can be reused image after image).
@inline(__always)
private func copyIntoPadded(_ src: UnsafePointer<Float>, _ g: ConvGeometry, _ dst: UnsafeMutablePointer<Float>, hp: Int, wp: Int) {
    for c in 0..<g.channels {
        for y in 0..<g.height {
            (dst + (c * hp + y + g.padH) * wp + g.padW).update(from: src + (c * g.height + y) * g.width, count: g.width)
        }
    }
}

/// Stride-1 convolution of every image of `x` with weights already packed by
/// ck_pack_weights (for `outChannels` outputs), parallel over images; with `relu`, each
/// image's output is clamped at 0 right after the kernel wrote it, while it is in cache.
private func convDirect(_ x: UnsafePointer<Float>, _ packed: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                        _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ g: ConvGeometry,
                        relu: Bool = false) {
    let hp = g.height + 2 * g.padH, wp = paddedWidth(g)
    let padded = g.channels * hp * wp + paddedSlack
    let outSize = cout * g.pixels
    let forward = ConvKernels.avx512 ? ck_conv_forward_avx512 : ck_conv_forward
    parallelFor(batch) { images in
        Workspace.with(padded) { xp in
            xp.update(repeating: 0, count: padded)
            for b in images {
                copyIntoPadded(x + b * g.imageSize, g, xp, hp: hp, wp: wp)
                forward(xp, Int32(g.channels), Int32(hp), Int32(wp), packed, bias, Int32(cout),
                                Int32(g.kernelH), Int32(g.kernelW), out + b * outSize, Int32(g.outH), Int32(g.outW))
                if relu {
                    // Not reluForward: that one would start threads inside this parallel loop.
                    let o = out + b * outSize
                    for i in 0..<outSize { o[i] = o[i] > 0 ? o[i] : 0 }
                }
            }
        }
    }
}

/// Floats of ck_pack_weights' output for `outs` output channels over `ins` input channels.
@inline(__always) private func packedCount(outs: Int, ins: Int, _ g: ConvGeometry) -> Int {
    (outs + 3) / 4 * 4 * ins * g.kernelH * g.kernelW
}

/// Forward pass with the direct kernel (then ReLU when `relu`).
func directForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                   _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ g: ConvGeometry,
                   relu: Bool = false) {
    Workspace.with(packedCount(outs: cout, ins: g.channels, g)) { packed in
        ck_pack_weights(w, Int32(cout), Int32(g.channels), Int32(g.kernelH), Int32(g.kernelW), 0, packed)
        convDirect(x, packed, bias, out, batch: batch, outChannels: cout, g, relu: relu)
    }
}

/// Input gradient with the direct kernel: the forward kernel run over g with the flipped
/// weights (`flipped` is that convolution's geometry).
func directInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                     batch: Int, outChannels cout: Int, _ g: ConvGeometry, flipped: ConvGeometry) {
    Workspace.with(packedCount(outs: g.channels, ins: cout, g)) { packed in
        ck_pack_weights(w, Int32(cout), Int32(g.channels), Int32(g.kernelH), Int32(g.kernelW), 1, packed)
        convDirect(gy, packed, nil, gx, batch: batch, outChannels: g.channels, flipped)
    }
}

/// Adds the weight gradient of `images` to `acc` with the direct 3x3 kernel, a few images
/// per call (their padded copies and gradients sized to stay in the L2 cache).
func directWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<Float>,
                              images: Range<Int>, outChannels cout: Int, _ g: ConvGeometry) {
    let hp = g.height + 2 * g.padH, wp = paddedWidth(g)
    let imageFloats = g.channels * hp * wp
    let outSize = cout * g.pixels
    let perImageBytes = 4 * (imageFloats + outSize)
    let chunk = max(1, min(images.count, 384 * 1024 / perImageBytes))
    let padded = chunk * imageFloats + paddedSlack
    let weightGrad = ConvKernels.avx512 ? ck_conv3x3_weight_grad_avx512 : ck_conv3x3_weight_grad
    Workspace.with(padded) { xp in
        xp.update(repeating: 0, count: padded)
        var b = images.lowerBound
        while b < images.upperBound {
            let m = min(chunk, images.upperBound - b)
            for i in 0..<m { copyIntoPadded(x + (b + i) * g.imageSize, g, xp + i * imageFloats, hp: hp, wp: wp) }
            weightGrad(xp, imageFloats, gy + b * outSize, outSize, Int32(m), Int32(g.channels),
                                   Int32(hp), Int32(wp), Int32(cout), Int32(g.outH), Int32(g.outW), acc)
            b += m
        }
    }
}

