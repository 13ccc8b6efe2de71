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
    require(x.rank >= 2, "batchNorm expects input of shape [N, C] or [N, C, H, W], got \(x.shape)")
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

    // y = x·scale + shift per channel, over the (image, channel) planes in memory order, so
    // each task streams through one contiguous block.
    let out = Tensor(uninitializedShape: x.shape)
    let po = out.data
    let pw = weight?.data, pb = bias?.data
    var scales = [Float](repeating: 0, count: c), shifts = [Float](repeating: 0, count: c)
    for ch in 0..<c {
        scales[ch] = invstdFinal[ch] * (pw?[ch] ?? 1)
        shifts[ch] = (pb?[ch] ?? 0) - meanFinal[ch] * scales[ch]
    }
    let scaleFinal = scales, shiftFinal = shifts
    parallelFor(n * c, minPerTask: max(1, 32768 / max(inner, 1))) { planes in
        for plane in planes {
            let scale = scaleFinal[plane % c], shift = shiftFinal[plane % c]
            let src = px + plane * inner, dst = po + plane * inner
            for i in 0..<inner { dst[i] = src[i] * scale + shift }
        }
    }

    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    return out.recorded("batch_norm", inputs) { gy in
        let pg = gy.data
        let gx = x.requiresGrad ? Tensor(uninitializedShape: x.shape) : nil
        let gw = weight?.requiresGrad == true ? Tensor(uninitializedShape: [c]) : nil
        let gb = bias?.requiresGrad == true ? Tensor(uninitializedShape: [c]) : nil
        let pgx = gx?.data, pgw = gw?.data, pgb = gb?.data
        parallelFor(c, minPerTask: max(1, 16384 / max(m, 1))) { channels in
            for ch in channels {
                let mu = meanFinal[ch], istd = invstdFinal[ch]
                // One pass for Σgy and Σgy·x̂ (x̂ recomputed from x: nothing extra was saved).
                var sumG = 0.0, sumGX = 0.0
                for b in 0..<n {
                    let (sg, sgx) = vectorSumAndDot(pg + (b * c + ch) * inner, px + (b * c + ch) * inner, inner, mu)
                    sumG += Double(sg); sumGX += Double(sgx)
                }
                sumGX *= Double(istd)  // Σ gy·x̂
                pgw?[ch] = Float(sumGX)
                pgb?[ch] = Float(sumG)
                guard let pgx else { continue }
                let w = pw?[ch] ?? 1
                if training {
                    let k = w * istd
                    let meanG = Float(sumG / Double(m)), meanGX = Float(sumGX / Double(m))
                    // dx = k·(gy − meanG − x̂·meanGX), with x̂ = (x − mu)·istd.
                    let a = k * meanGX * istd
                    for b in 0..<n {
                        let xs = px + (b * c + ch) * inner, gs = pg + (b * c + ch) * inner
                        let dst = pgx + (b * c + ch) * inner
                        for i in 0..<inner { dst[i] = k * (gs[i] - meanG) - a * (xs[i] - mu) }
                    }
                } else {
                    let k = w * istd
                    for b in 0..<n {
                        let gs = pg + (b * c + ch) * inner, dst = pgx + (b * c + ch) * inner
                        for i in 0..<inner { dst[i] = k * gs[i] }
                    }
                }
            }
        }
        var grads: [Tensor?] = [gx]
        if weight != nil { grads.append(gw) }
        if bias != nil { grads.append(gb) }
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
    parallelFor(c, minPerTask: max(1, 32768 / max(m, 1))) { channels in
        for ch in channels {
            var count = 0.0, mu = 0.0, m2 = 0.0
            for b in 0..<n {
                let block = x + (b * c + ch) * inner
                let blockMean = vectorSum(block, inner) / Float(inner)
                let blockM2 = Double(vectorSumSquaredDeviation(block, inner, blockMean))
                // Merge (count, mu, m2) with (inner, blockMean, blockM2).
                let nb = Double(inner), total = count + nb
                let delta = Double(blockMean) - mu
                mu += delta * nb / total
                m2 += blockM2 + delta * delta * count * nb / total
                count = total
            }
            mean[ch] = Float(mu)
            variance[ch] = Float(m2 / count)
        }
    }
}
