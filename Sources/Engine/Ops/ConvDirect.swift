import CKernels
import Foundation

// Direct stride-1 convolution on AVX2/FMA and AVX-512 CPUs (the kernels are in
// CKernels/conv.c and conv_avx512.c; KernelISA.active picks them), with no column matrix.
// The AVX2 kernels read each image from a zero-padded copy. The AVX-512 ones read the images
// in place, the padding masked off: the weight gradient always, the forward pass (and the
// input gradient, a forward pass) when the convolution keeps the width, as every 3x3 pad-1
// layer does, and from a padded copy otherwise. Parallel over images, which threads take as
// they finish others; the weight gradient sums per slice of the batch (convWeightGrad), with
// the bias gradient along.

/// Which kernels conv2d may use.
enum ConvKernels {
    /// Whether conv2d takes the direct kernels (any path but generic, which is im2col + GEMM).
    static var direct: Bool { KernelISA.active != .generic }
    /// Whether the direct kernels are the AVX-512 ones.
    static var avx512: Bool { KernelISA.active == .avx512 }
}

/// Whether the AVX-512 forward kernel reads `geo`'s images in place (implicit padding): an odd
/// kernel width with the padding that keeps the width, and within that kernel's limits. The
/// padded copy it replaces was 8% of the 16-channel layers' time on one core, and more on two,
/// where copies from memory scale worse than arithmetic.
@inline(__always) private func forwardReadsInPlace(_ geo: ConvGeometry) -> Bool {
    ConvKernels.avx512 && geo.kernelW - 1 == 2 * geo.padW
        && geo.kernelH <= Int(CK_SAME_MAX_REACH) && geo.kernelW <= Int(CK_SAME_MAX_REACH)
        && geo.outH * geo.width < 1 << 20
}

/// Floats past a padded image that the kernels may read (vectors running past its end).
private let paddedSlack = Int(CK_AVX512_SLACK)

@inline(__always) private func roundUp8(_ n: Int) -> Int { (n + 7) / 8 * 8 }

/// Row length of a padded copy of an image for the direct kernels: vectors of 8 output
/// pixels plus the kernel's reach may read up to roundUp8(outW) + kw − 1 columns.
@inline(__always) private func paddedWidth(_ geo: ConvGeometry) -> Int {
    max(roundUp8(geo.outW) + geo.kernelW - 1, geo.width + 2 * geo.padW)
}

/// Copies image `src` [C, H, W] into the interior of the zeroed buffer `dst` [C, hp, wp]
/// (padding rows and columns stay zero, so a buffer can be reused image after image).
@inline(__always)
private func copyIntoPadded(_ src: UnsafePointer<Float>, _ geo: ConvGeometry, _ dst: UnsafeMutablePointer<Float>, hp: Int, wp: Int) {
    for c in 0..<geo.channels {
        for y in 0..<geo.height {
            (dst + (c * hp + y + geo.padH) * wp + geo.padW).update(from: src + (c * geo.height + y) * geo.width, count: geo.width)
        }
    }
}

/// Stride-1 convolution of every image of `x` with weights already packed by
/// ck_pack_weights (for `outChannels` outputs), parallel over images; `pass` runs on each
/// image's output right after the kernel wrote it, while it is in cache.
private func convDirect(_ x: UnsafePointer<Float>, _ packed: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                        _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ geo: ConvGeometry,
                        then pass: ConvOutputPass = .none) {
    let outSize = cout * geo.pixels
    if forwardReadsInPlace(geo) {
        parallelForDynamic(batch) { images in
            for b in images {
                // The batch's other images are readable around this one.
                ck_conv_forward_same_avx512(x + b * geo.imageSize, Int32(geo.channels), Int32(geo.height), Int32(geo.width),
                                            packed, bias, Int32(cout), Int32(geo.kernelH), Int32(geo.kernelW),
                                            Int32(geo.padH), out + b * outSize, Int32(geo.outH),
                                            Int32(b), Int32(batch - 1 - b))
                pass.apply(out, image: b, count: outSize)
            }
        }
        return
    }
    let hp = geo.height + 2 * geo.padH, wp = paddedWidth(geo)
    let padded = geo.channels * hp * wp + paddedSlack
    let forward = ConvKernels.avx512 ? ck_conv_forward_avx512 : ck_conv_forward
    // A few images a grab: each grab zeroes its padded copy once.
    parallelForDynamic(batch, grain: max(1, batch / (8 * Threads.count))) { images in
        ScratchBuffers.with(padded) { xp in
            xp.update(repeating: 0, count: padded)
            for b in images {
                copyIntoPadded(x + b * geo.imageSize, geo, xp, hp: hp, wp: wp)
                forward(xp, Int32(geo.channels), Int32(hp), Int32(wp), packed, bias, Int32(cout),
                                Int32(geo.kernelH), Int32(geo.kernelW), out + b * outSize, Int32(geo.outH), Int32(geo.outW))
                pass.apply(out, image: b, count: outSize)
            }
        }
    }
}

/// Floats of ck_pack_weights' output for `outs` output channels over `ins` input channels.
@inline(__always) private func packedCount(outs: Int, ins: Int, _ geo: ConvGeometry) -> Int {
    (outs + 3) / 4 * 4 * ins * geo.kernelH * geo.kernelW
}

/// Forward pass with the direct kernel, then `pass` on each image's output.
func directForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                   _ out: UnsafeMutablePointer<Float>, batch: Int, outChannels cout: Int, _ geo: ConvGeometry,
                   then pass: ConvOutputPass = .none) {
    ScratchBuffers.with(packedCount(outs: cout, ins: geo.channels, geo)) { packed in
        ck_pack_weights(w, Int32(cout), Int32(geo.channels), Int32(geo.kernelH), Int32(geo.kernelW), 0, packed)
        convDirect(x, packed, bias, out, batch: batch, outChannels: cout, geo, then: pass)
    }
}

/// Input gradient with the direct kernel: the forward kernel run over the output gradient with the flipped
/// weights (`flipped` is that convolution's geometry).
func directInputGrad(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                     batch: Int, outChannels cout: Int, _ geo: ConvGeometry, flipped: ConvGeometry) {
    ScratchBuffers.with(packedCount(outs: geo.channels, ins: cout, geo)) { packed in
        ck_pack_weights(w, Int32(cout), Int32(geo.channels), Int32(geo.kernelH), Int32(geo.kernelW), 1, packed)
        convDirect(gy, packed, nil, gx, batch: batch, outChannels: geo.channels, flipped)
    }
}

/// Whether directWeightGrad also sums the bias gradient, from the gradient loads of its
/// kernel: the AVX2 one always, the AVX-512 one (in place) when a pass sees every output row,
/// with vertical padding ≤ 1. That saves a pass over the whole output gradient, 4% of a
/// 16-channel layer's step.
func directWeightGradSumsBias(_ geo: ConvGeometry) -> Bool { !ConvKernels.avx512 || geo.padH <= 1 }

/// The L1 data cache of one core in bytes, as the C library reports it (32 KiB, the smallest
/// of the course's CPUs, where it reports nothing).
private let l1DataCacheBytes: Int = {
    let reported = sysconf(Int32(_SC_LEVEL1_DCACHE_SIZE))
    return reported > 0 ? reported : 32 * 1024
}()

/// Images per call of the direct weight-gradient kernel: their inputs (or padded copies) and
/// gradients sized to stay in the L2 cache. On AVX-512, also no more than keep a pass's own
/// data (each image's input plane and the block's 4 gradient planes) in the L1 cache with a
/// sixth to spare: then the gradient block stays there through all of the call's passes
/// (C x 3). Each of the two is counted in whole 4 KiB, the span of the L1's sets: a smaller
/// one lands in the same sets in every image of the call. Fewer images a call cost more passes'
/// overhead: 32x32 with 48 KiB of L1 takes 2 images a call, 5-11 % faster than 1, and 3 or 4
/// ran 10-20 % slower (Intel Xeon); 16x16 kept 4-7 alike, 8 ran 2-11 % slower.
func directWeightGradImagesPerCall(_ geo: ConvGeometry, outChannels cout: Int) -> Int {
    // An image as the kernel reads it: in place (AVX-512) or a padded copy (AVX2).
    let imageFloats = ConvKernels.avx512 ? geo.imageSize : geo.channels * (geo.height + 2 * geo.padH) * paddedWidth(geo)
    let inL2 = 384 * 1024 / (4 * (imageFloats + cout * geo.pixels))
    guard ConvKernels.avx512 else { return max(1, inL2) }
    let setSpan = 4096, roundUp = { (bytes: Int) in (bytes + setSpan - 1) / setSpan * setSpan }
    let passBytes = roundUp(4 * 4 * geo.pixels) + roundUp(4 * geo.height * geo.width)
    return max(1, min(inL2, l1DataCacheBytes * 5 / 6 / passBytes))
}

/// Adds the weight gradient of `images` (of a batch of `batch`) to `acc` with the direct 3x3
/// kernel, directWeightGradImagesPerCall images a call; and their bias gradient to `biasAcc`,
/// which must be nil unless directWeightGradSumsBias. The AVX-512 kernel reads the images in
/// place; the AVX2 one, padded copies.
func directWeightGrad(_ gy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<Float>,
                      biasAcc: UnsafeMutablePointer<Float>?, images: Range<Int>, of batch: Int, outChannels cout: Int,
                      _ geo: ConvGeometry) {
    precondition(biasAcc == nil || directWeightGradSumsBias(geo), "directWeightGrad: no bias gradient on this path")
    if images.isEmpty { return }
    let outSize = cout * geo.pixels
    let chunk = min(images.count, directWeightGradImagesPerCall(geo, outChannels: cout))
    if ConvKernels.avx512 {
        for b in stride(from: images.lowerBound, to: images.upperBound, by: chunk) {
            let m = min(chunk, images.upperBound - b)
            ck_conv3x3_weight_grad_avx512(x + b * geo.imageSize, geo.imageSize, gy + b * outSize, outSize,
                                          Int32(m), Int32(b), Int32(batch - b - m), Int32(geo.channels),
                                          Int32(geo.height), Int32(geo.width), Int32(geo.padH), Int32(geo.padW),
                                          Int32(cout), acc, biasAcc)
        }
        return
    }
    let hp = geo.height + 2 * geo.padH, wp = paddedWidth(geo)
    let imageFloats = geo.channels * hp * wp
    let padded = chunk * imageFloats + paddedSlack
    ScratchBuffers.with(padded) { xp in
        xp.update(repeating: 0, count: padded)
        var b = images.lowerBound
        while b < images.upperBound {
            let m = min(chunk, images.upperBound - b)
            for i in 0..<m { copyIntoPadded(x + (b + i) * geo.imageSize, geo, xp + i * imageFloats, hp: hp, wp: wp) }
            ck_conv3x3_weight_grad(xp, imageFloats, gy + b * outSize, outSize, Int32(m), Int32(geo.channels),
                                   Int32(hp), Int32(wp), Int32(cout), Int32(geo.outH), Int32(geo.outW), acc, biasAcc)
            b += m
        }
    }
}

