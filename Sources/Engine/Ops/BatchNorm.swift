// Batch normalisation (`F.batch_norm`), forward and backward, parallel over channels.
//
// Training: y = (x − mean) / sqrt(var + eps) · weight + bias with the batch's mean and
// biased variance per channel; the running statistics move by `momentum` towards the batch
// mean and the *unbiased* variance, as PyTorch does. Evaluation: the running statistics.
//
// Backward (training), with x̂ = (x − mean)·invstd and M values per channel:
//   dx = weight·invstd · (gy − mean(gy) − x̂ · mean(gy·x̂)),  dweight = Σ gy·x̂,  dbias = Σ gy

/// Batch normalisation over the channel dimension 1 of x, [N, C] or [N, C, H, W]
/// (any rank ≥ 2), as `torch.nn.functional.batch_norm`.
///
/// In training mode the batch statistics normalise, and `runningMean`/`runningVar` (when
/// given) are updated in place; in evaluation mode the running statistics normalise.
/// `weight` and `bias` ([C], optional) scale and shift the result.
public func batchNorm(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                      training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Tensor {
    batchNorm(x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
              training: training, momentum: momentum, eps: eps, adding: nil, relu: false)
}

/// batchNorm, plus `residual` (x's shape) when given, then ReLU when `relu`, as one op:
/// `relu(batchNorm(x, …) + residual)` (a residual block's end) with the same values and
/// gradients, bit for bit, without the add's and ReLU's passes over the activations: the
/// forward adds and clamps as it writes. The backward reads the gradient where the output is
/// positive (what ReLU's backward would have written) straight from the gradient and the
/// output; with a residual, which takes that gradient too, it is written once and shared.
func batchNorm(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
               training: Bool, momentum: Float, eps: Float, adding residual: Tensor? = nil, relu: Bool) -> Tensor {
    require(x.rank >= 2, "batchNorm expects input of shape [N, C] or [N, C, H, W], got \(x.shape)")
    if let residual {
        require(residual.shape == x.shape, "batchNorm: the residual's shape \(residual.shape) is not the input's \(x.shape)")
    }
    let n = x.shape[0], c = x.shape[1]
    let inner = x.count / max(n * c, 1)
    let m = n * inner
    for (name, t) in [("runningMean", runningMean), ("runningVar", runningVar), ("weight", weight), ("bias", bias)] {
        if let t { require(t.count == c, "batchNorm: \(name) has \(t.count) values for \(c) channels") }
    }
    if !training {
        require(runningMean != nil && runningVar != nil, "batchNorm in evaluation mode needs running statistics")
    }
    if training { require(m > 1, "batchNorm in training mode needs more than one value per channel, got input \(x.shape)") }

    // Per-channel mean and 1/sqrt(var + eps), from the batch or the running statistics.
    var mean = [Float](repeating: 0, count: c), invstd = [Float](repeating: 0, count: c)
    let px = x.data
    if training {
        var variance = [Float](repeating: 0, count: c)
        mean.withUnsafeMutableBufferPointer { pm in
            variance.withUnsafeMutableBufferPointer { pv in
                batchStatistics(px, n: n, c: c, inner: inner, mean: pm.baseAddress!, variance: pv.baseAddress!)
            }
        }
        for i in 0..<c {
            if let rm = runningMean { rm.data[i] = (1 - momentum) * rm.data[i] + momentum * mean[i] }
            if let rv = runningVar {
                rv.data[i] = (1 - momentum) * rv.data[i] + momentum * variance[i] * Float(m) / Float(m - 1)
            }
            invstd[i] = 1 / (variance[i] + eps).squareRoot()
        }
    } else {
        for i in 0..<c {
            mean[i] = runningMean!.data[i]
            invstd[i] = 1 / (runningVar!.data[i] + eps).squareRoot()
        }
    }
    let meanFinal = mean, invstdFinal = invstd

    // y = x·scale + shift per channel, plane by plane in memory order.
    let out = Tensor(uninitializedShape: x.shape)
    let po = out.data
    let pw = weight?.data, pb = bias?.data
    var scales = [Float](repeating: 0, count: c), shifts = [Float](repeating: 0, count: c)
    for ch in 0..<c {
        scales[ch] = invstdFinal[ch] * (pw?[ch] ?? 1)
        shifts[ch] = (pb?[ch] ?? 0) - meanFinal[ch] * scales[ch]
    }
    let scaleFinal = scales, shiftFinal = shifts
    forEachPlane(n: n, c: c, inner: inner) { plane, ch in
        let scale = scaleFinal[ch], shift = shiftFinal[ch]
        let src = px + plane * inner, dst = po + plane * inner
        switch (residual.map { $0.data + plane * inner }, relu) {
        case let (r?, true): for i in 0..<inner { let v = src[i] * scale + shift, s = v + r[i]; dst[i] = s > 0 ? s : 0 }
        case let (r?, false): for i in 0..<inner { let v = src[i] * scale + shift; dst[i] = v + r[i] }
        case (nil, true): for i in 0..<inner { let v = src[i] * scale + shift; dst[i] = v > 0 ? v : 0 }
        case (nil, false): for i in 0..<inner { dst[i] = src[i] * scale + shift }
        }
    }

    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    if let residual { inputs.append(residual) }
    // With relu, the backward reads the output (where it is positive, the gradient passes), as
    // ReLU's does; it holds the output's storage, not the tensor: the tensor holds this closure.
    let saved = relu ? out.storage : nil, savedOffset = out.offset
    let name = residual == nil ? (relu ? "batch_norm_relu" : "batch_norm") : (relu ? "batch_norm_add_relu" : "batch_norm_add")
    // Flags, not the residual: captured, it would stay alive until the backward pass got here
    // (a downsample shortcut's output, which nothing else holds: 48 MiB more peak in CIFAR training).
    let adds = residual != nil, residualNeedsGrad = residual?.requiresGrad == true
    return out.recorded(name, inputs) { gradOutput in
        var gy = gradOutput, positive = saved.map { UnsafePointer($0.base + savedOffset) }
        if residualNeedsGrad, let mask = positive {
            // The residual's gradient, which batch norm's backward then reads as it is (without
            // a residual to feed, batch norm's backward masks as it reads, as with none).
            gy = Tensor(uninitializedShape: x.shape)
            reluBackward(gradOutput.data, mask, gy.data, count: gy.count)
            positive = nil
        }
        let pg = gy.data
        let gx = x.requiresGrad ? Tensor(uninitializedShape: x.shape) : nil
        let gw = weight?.requiresGrad == true ? Tensor(uninitializedShape: [c]) : nil
        let gb = bias?.requiresGrad == true ? Tensor(uninitializedShape: [c]) : nil
        let pgx = gx?.data, pgw = gw?.data, pgb = gb?.data
        // Σgy and Σgy·(x − mean) of every (image, channel) plane, in memory order (x̂ is
        // recomputed from x: nothing extra was saved); then each channel's sums in image
        // order, in Double, so the result does not depend on the thread count.
        let planeSums = planeMap(n: n, c: c, inner: inner) { plane, ch in
            vectorSumAndDot(pg + plane * inner, px + plane * inner, inner, meanFinal[ch], where: positive.map { $0 + plane * inner })
        }
        var coefficients = [(k: Float, meanG: Float, a: Float)](repeating: (0, 0, 0), count: c)
        for ch in 0..<c {
            var sumG = 0.0, sumGX = 0.0
            for b in 0..<n { let (sg, sgx) = planeSums[b * c + ch]; sumG += Double(sg); sumGX += Double(sgx) }
            let istd = invstdFinal[ch]
            sumGX *= Double(istd)  // Σ gy·x̂
            pgw?[ch] = Float(sumGX)
            pgb?[ch] = Float(sumG)
            let k = (pw?[ch] ?? 1) * istd
            // Training: dx = k·(gy − meanG − x̂·meanGX) = k·(gy − meanG) − a·(x − mean);
            // evaluation: dx = k·gy.
            coefficients[ch] = (k, Float(sumG / Double(m)), k * Float(sumGX / Double(m)) * istd)
        }
        if let pgx {
            let coefficientsFinal = coefficients
            forEachPlane(n: n, c: c, inner: inner) { plane, ch in
                let (k, meanG, a) = coefficientsFinal[ch], mu = meanFinal[ch]
                let xs = px + plane * inner, gs = pg + plane * inner, dst = pgx + plane * inner
                if let positive {
                    // Both loads unconditional: a select the compiler vectorises, not a branch.
                    let os = positive + plane * inner
                    if training {
                        for i in 0..<inner {
                            let gv = gs[i], ov = os[i], g = ov > 0 ? gv : 0
                            dst[i] = k * (g - meanG) - a * (xs[i] - mu)
                        }
                    } else {
                        for i in 0..<inner { let gv = gs[i], ov = os[i]; dst[i] = k * (ov > 0 ? gv : 0) }
                    }
                } else if training {
                    for i in 0..<inner { dst[i] = k * (gs[i] - meanG) - a * (xs[i] - mu) }
                } else {
                    for i in 0..<inner { dst[i] = k * gs[i] }
                }
            }
        }
        var grads: [Tensor?] = [gx]
        if weight != nil { grads.append(gw) }
        if bias != nil { grads.append(gb) }
        if adds { grads.append(residualNeedsGrad ? gy : nil) }
        return grads
    }
}

/// Per-channel mean and biased variance of x [n, c, inner] in one pass over memory: each
/// contiguous block of `inner` values (in cache after the first read) gets its own mean and
/// sum of squared deviations, and the blocks are merged in Double (Chan et al.), which stays
/// accurate even when the mean is large compared with the spread.
private func batchStatistics(_ x: UnsafePointer<Float>, n: Int, c: Int, inner: Int,
                             mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>) {
    let m = n * inner
    if inner == 1 {
        // [N, C]: walk rows, accumulating every channel at once.
        var sums = [Double](repeating: 0, count: c), squares = [Double](repeating: 0, count: c)
        for b in 0..<n { for ch in 0..<c { sums[ch] += Double(x[b * c + ch]) } }
        for ch in 0..<c { mean[ch] = Float(sums[ch] / Double(m)) }
        for b in 0..<n {
            for ch in 0..<c { let d = Double(x[b * c + ch] - mean[ch]); squares[ch] += d * d }
        }
        for ch in 0..<c { variance[ch] = Float(squares[ch] / Double(m)) }
        return
    }
    // Each plane's own mean and sum of squared deviations (in cache after the first read),
    // in memory order; then each channel's planes merged in image order.
    let planeStats = planeMap(n: n, c: c, inner: inner) { plane, _ in
        let block = x + plane * inner
        let blockMean = vectorSum(block, inner) / Float(inner)
        return (blockMean, vectorSumSquaredDeviation(block, inner, blockMean))
    }
    for ch in 0..<c {
        var count = 0.0, mu = 0.0, m2 = 0.0
        for b in 0..<n {
            let (blockMean, blockM2) = planeStats[b * c + ch]
            // Merge (count, mu, m2) with (inner, blockMean, blockM2).
            let nb = Double(inner), total = count + nb
            let delta = Double(blockMean) - mu
            mu += delta * nb / total
            m2 += Double(blockM2) + delta * delta * count * nb / total
            count = total
        }
        mean[ch] = Float(mu)
        variance[ch] = Float(m2 / count)
    }
}

/// `body(plane, channel)` for every (image, channel) plane of `inner` values of an [n, c, inner]
/// tensor, in parallel and in memory order. Memory order streams: a channel's planes, one per
/// image, lie c·inner floats apart, and reading them channel by channel ran at 12–16 GB/s where
/// one stream ran at 30–36 (CIFAR ResNet shapes, AMD EPYC).
private func forEachPlane(n: Int, c: Int, inner: Int, _ body: (Int, Int) -> Void) {
    parallelFor(n * c, minPerTask: max(1, 32768 / max(inner, 1))) { planes in
        for plane in planes { body(plane, plane % c) }
    }
}

/// forEachPlane's results, in plane order.
private func planeMap<Result>(n: Int, c: Int, inner: Int, _ body: (Int, Int) -> Result) -> [Result] {
    [Result](unsafeUninitializedCapacity: n * c) { results, initialized in
        let base = results.baseAddress!
        forEachPlane(n: n, c: c, inner: inner) { plane, ch in (base + plane).initialize(to: body(plane, ch)) }
        initialized = n * c
    }
}
