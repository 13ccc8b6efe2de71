// Max and average pooling over 2-D windows (`F.max_pool2d`, `F.avg_pool2d`), and the
// window kernels the adaptive pools share.

/// The input window of every output position of a 2-D pool: rows[oy] × cols[ox], already
/// clipped to the image (padding contributes nothing).
struct PoolWindows {
    let inH: Int, inW: Int
    let rows: [Range<Int>], cols: [Range<Int>]
    /// Average pools divide by this (PyTorch's count_include_pad = true: the whole
    /// window, padding included); nil divides by the clipped window's size.
    let fixedDivisor: Int?

    var outH: Int { rows.count }
    var outW: Int { cols.count }

    /// (kernel, stride) per axis when every window is the whole kernel, one stride after the
    /// other from the corner (no padding clipped, not adaptive): then a pool can walk plain
    /// strides instead of the window lists (MaxPool2d(2): 28 % of a Deep_CNN training step
    /// went to the lists).
    var dense: (kh: Int, kw: Int, sh: Int, sw: Int)? {
        func regular(_ windows: [Range<Int>]) -> (kernel: Int, stride: Int)? {
            guard let first = windows.first, first.lowerBound == 0 else { return nil }
            let stride = windows.count > 1 ? windows[1].lowerBound : 1
            for (i, r) in windows.enumerated() where r != i * stride..<(i * stride + first.count) { return nil }
            return (first.count, stride)
        }
        guard let r = regular(rows), let c = regular(cols) else { return nil }
        return (r.kernel, c.kernel, r.stride, c.stride)
    }

    /// Windows of `kernel` every `stride`, the input padded by `padding` on each side; each
    /// given as (height, width).
    static func regular(inH: Int, inW: Int, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)) -> PoolWindows {
        func windows(_ size: Int, _ kernel: Int, _ stride: Int, _ padding: Int) -> [Range<Int>] {
            let out = (size + 2 * padding - kernel) / stride + 1
            return (0..<max(out, 0)).map { o in
                let start = o * stride - padding
                return max(start, 0)..<min(start + kernel, size)
            }
        }
        return PoolWindows(inH: inH, inW: inW, rows: windows(inH, kernel.0, stride.0, padding.0),
                           cols: windows(inW, kernel.1, stride.1, padding.1), fixedDivisor: kernel.0 * kernel.1)
    }

    /// PyTorch's adaptive windows: output i covers floor(i·in/out) ..< ceil((i+1)·in/out).
    static func adaptive(inH: Int, inW: Int, outH: Int, outW: Int) -> PoolWindows {
        func windows(_ size: Int, _ out: Int) -> [Range<Int>] {
            (0..<out).map { i in (i * size / out)..<(((i + 1) * size + out - 1) / out) }
        }
        return PoolWindows(inH: inH, inW: inW, rows: windows(inH, outH), cols: windows(inW, outW), fixedDivisor: nil)
    }
}

/// Checks the input and returns (planes = N·C, output shape).
private func poolShape(_ x: Tensor, _ w: PoolWindows, _ name: String) -> (Int, [Int]) {
    require(w.outH > 0 && w.outW > 0,
            "\(name): the pooling window does not fit in an input of shape \(x.shape)")
    var shape = x.shape
    shape[shape.count - 2] = w.outH
    shape[shape.count - 1] = w.outW
    return (x.count / max(w.inH * w.inW, 1), shape)
}

/// The first `outputs` (a multiple of 8) outputs of one row of a 2x2, stride-2 max pool
/// (MaxPool2d(2), the commonest pool: a fifth of a Deep_CNN training step in the scalar loop):
/// the windows of input rows `top` and top + width, 8 outputs a step from 16 columns of each
/// row split into even and odd. The same scan as the scalar loop, lane by lane: the window's
/// elements in row order, each taken when larger than the best so far, or NaN, so values and
/// indices are the scalar loop's (which does the row's last outputs).
@inline(__always)
private func maxPool2x2Row(_ top: UnsafePointer<Float>, width: Int, _ dst: UnsafeMutablePointer<Float>,
                           _ idx: UnsafeMutablePointer<Int32>, outputs: Int, rowOffset: Int32) {
    let bottom = top + width
    var ox = 0
    while ox < outputs {
        let upper = UnsafeRawPointer(top + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
        let lower = UnsafeRawPointer(bottom + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
        let column = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14) &+ Int32(2 * ox) &+ rowOffset
        var best = upper.evenHalf, at = column
        @inline(__always) func scan(_ v: SIMD8<Float>, _ offset: Int32) {
            let take = (v .> best) .| (v .!= v)
            best.replace(with: v, where: take)
            at.replace(with: column &+ offset, where: take)
        }
        scan(upper.oddHalf, 1)
        scan(lower.evenHalf, Int32(width))
        scan(lower.oddHalf, Int32(width + 1))
        UnsafeMutableRawPointer(dst + ox).storeBytes(of: best, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(idx + ox).storeBytes(of: at, as: SIMD8<Int32>.self)
        ox += 8
    }
}

/// Max over each window; the gradient goes to the (first) largest element, as in PyTorch.
func maxPool(_ x: Tensor, _ w: PoolWindows, name: String) -> Tensor {
    let (planes, outShape) = poolShape(x, w, name)
    let inPlane = w.inH * w.inW, outPlane = w.outH * w.outW
    let out = Tensor(uninitializedShape: outShape)
    // Where each maximum came from, as an index within its input plane.
    let argmax = UnsafeMutablePointer<Int32>.allocate(capacity: max(out.count, 1))
    let px = x.data, po = out.data
    let rows = w.rows, cols = w.cols, width = w.inW, outH = w.outH, outW = w.outW, dense = w.dense
    parallelFor(planes, minPerTask: max(1, 16384 / max(inPlane, 1))) { range in
        for plane in range {
            let src = px + plane * inPlane, dst = po + plane * outPlane, idx = argmax + plane * outPlane
            if let (kh, kw, sh, sw) = dense {
                // MaxPool2d(2) takes its rows 8 outputs at a time, the loop below the rest.
                let vectorised = (kh, kw, sh, sw) == (2, 2, 2, 2) ? outW / 8 * 8 : 0
                for oy in 0..<outH {
                    if vectorised > 0 {
                        maxPool2x2Row(src + 2 * oy * width, width: width, dst + oy * outW, idx + oy * outW,
                                      outputs: vectorised, rowOffset: Int32(2 * oy * width))
                    }
                    for ox in vectorised..<outW {
                        let y0 = oy * sh, x0 = ox * sw
                        var best = -Float.infinity, at = y0 * width + x0
                        for y in y0..<(y0 + kh) {
                            for xx in x0..<(x0 + kw) {
                                // The generic loop's test without its branches, which random
                                // data mispredicts about every other window.
                                let v = src[y * width + xx], take = (v > best ? 1 : 0) | (v.isNaN ? 1 : 0) != 0
                                best = take ? v : best
                                at = take ? y * width + xx : at
                            }
                        }
                        dst[oy * outW + ox] = best
                        idx[oy * outW + ox] = Int32(at)
                    }
                }
                continue
            }
            for (oy, r) in rows.enumerated() {
                for (ox, cs) in cols.enumerated() {
                    var best = -Float.infinity
                    var at = r.lowerBound * width + cs.lowerBound
                    for y in r {
                        let line = src + y * width
                        for xx in cs {
                            let v = line[xx]
                            if v > best || v.isNaN { best = v; at = y * width + xx }
                        }
                    }
                    dst[oy * w.outW + ox] = best
                    idx[oy * w.outW + ox] = Int32(at)
                }
            }
        }
    }
    let indices = PoolIndices(argmax)
    let inputShape = x.shape
    return out.recorded(name, [x]) { gradOutput in
        let gx = Tensor(repeating: 0, shape: inputShape)
        let pg = gradOutput.data, pd = gx.data, idx = indices.pointer
        parallelFor(planes, minPerTask: max(1, 16384 / max(inPlane, 1))) { range in
            for plane in range {
                let dst = pd + plane * inPlane, src = pg + plane * outPlane, at = idx + plane * outPlane
                for o in 0..<outPlane { dst[Int(at[o])] += src[o] }
            }
        }
        return [gx]
    }
}

/// Owns the argmax buffer of a max pool until its backward closure goes away.
private final class PoolIndices {
    let pointer: UnsafeMutablePointer<Int32>
    init(_ pointer: UnsafeMutablePointer<Int32>) { self.pointer = pointer }
    deinit { pointer.deallocate() }
}

/// Mean over each window (see `PoolWindows.fixedDivisor`).
func avgPool(_ x: Tensor, _ w: PoolWindows, name: String) -> Tensor {
    let (planes, outShape) = poolShape(x, w, name)
    let inPlane = w.inH * w.inW, outPlane = w.outH * w.outW
    let rows = w.rows, cols = w.cols, width = w.inW, fixed = w.fixedDivisor
    @inline(__always) func scale(_ r: Range<Int>, _ cs: Range<Int>) -> Float {
        1 / Float(fixed ?? max(r.count * cs.count, 1))
    }
    let out = Tensor(uninitializedShape: outShape)
    let px = x.data, po = out.data
    parallelFor(planes, minPerTask: max(1, 16384 / max(inPlane, 1))) { range in
        for plane in range {
            let src = px + plane * inPlane, dst = po + plane * outPlane
            for (oy, r) in rows.enumerated() {
                for (ox, cs) in cols.enumerated() {
                    var s: Float = 0
                    for y in r {
                        let line = src + y * width
                        for xx in cs { s += line[xx] }
                    }
                    dst[oy * w.outW + ox] = s * scale(r, cs)
                }
            }
        }
    }
    let inputShape = x.shape
    return out.recorded(name, [x]) { gradOutput in
        let gx = Tensor(repeating: 0, shape: inputShape)
        let pg = gradOutput.data, pd = gx.data
        parallelFor(planes, minPerTask: max(1, 16384 / max(inPlane, 1))) { range in
            for plane in range {
                let dst = pd + plane * inPlane, src = pg + plane * outPlane
                for (oy, r) in rows.enumerated() {
                    for (ox, cs) in cols.enumerated() {
                        let v = src[oy * w.outW + ox] * scale(r, cs)
                        for y in r {
                            let line = dst + y * width
                            for xx in cs { line[xx] += v }
                        }
                    }
                }
            }
        }
        return [gx]
    }
}

/// Checks a pool's arguments and builds its windows; x is [N, C, H, W] or [C, H, W].
private func regularWindows(_ x: Tensor, _ kernel: (Int, Int), _ stride: (Int, Int)?, _ padding: (Int, Int),
                            _ name: String) -> PoolWindows {
    require(x.rank == 3 || x.rank == 4, "\(name) expects input of shape [N, C, H, W] or [C, H, W], got \(x.shape)")
    let s = stride ?? kernel
    require(kernel.0 >= 1 && kernel.1 >= 1 && s.0 >= 1 && s.1 >= 1,
            "\(name): kernel size and stride must be positive (got \(kernel), \(s))")
    require(padding.0 >= 0 && padding.1 >= 0 && padding.0 <= kernel.0 / 2 && padding.1 <= kernel.1 / 2,
            "\(name): padding should be at most half the kernel size (got padding \(padding), kernel \(kernel))")
    return PoolWindows.regular(inH: x.shape[x.rank - 2], inW: x.shape[x.rank - 1], kernel: kernel, stride: s, padding: padding)
}

/// Max pooling over kernelSize × kernelSize windows (`F.max_pool2d`); stride defaults to
/// the kernel size; padding counts as −∞.
public func maxPool2d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
    maxPool2d(x, kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
}

/// Max pooling over kH × kW windows, with stride and padding as (height, width).
public func maxPool2d(_ x: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
    maxPool(x, regularWindows(x, kernelSize, stride, padding, "maxPool2d"), name: "max_pool2d")
}

/// Average pooling over kernelSize × kernelSize windows (`F.avg_pool2d`); stride defaults
/// to the kernel size; padding counts as zeros and every window divides by kernelSize²
/// (PyTorch's default count_include_pad = true).
public func avgPool2d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
    avgPool2d(x, kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
}

/// Average pooling over kH × kW windows (each divides by kH·kW), with stride and padding as
/// (height, width).
public func avgPool2d(_ x: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
    avgPool(x, regularWindows(x, kernelSize, stride, padding, "avgPool2d"), name: "avg_pool2d")
}
