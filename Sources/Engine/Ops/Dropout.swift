// Dropout (`F.dropout`): in training, zeroes each element with probability p and scales
// the survivors by 1/(1 − p), so the expected value is unchanged; identity otherwise.

/// Dropout with the mask drawn from the seeded global generator (`manualSeed`).
public func dropout(_ x: Tensor, p: Float, training: Bool) -> Tensor {
    require(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
    if !training || p == 0 { return x }
    // The mask holds 0 or 1/(1 − p) per element (all zeros when p = 1).
    let mask = Tensor(uninitializedShape: x.shape)
    let keep: Float = p == 1 ? 0 : 1 / (1 - p)
    let pm = mask.data
    for i in 0..<x.count { pm[i] = Random.generator.nextUniform() < p ? 0 : keep }
    let out = Tensor(uninitializedShape: x.shape)
    let px = x.data, po = out.data
    parallelFor(x.count, minPerTask: 1 << 16) { r in for i in r { po[i] = px[i] * pm[i] } }
    return out.recorded("dropout", [x]) { gradOutput in
        let gx = Tensor(uninitializedShape: gradOutput.shape)
        let pg = gradOutput.data, pd = gx.data, pm = mask.data  // the closure keeps the mask alive
        parallelFor(gradOutput.count, minPerTask: 1 << 16) { r in for i in r { pd[i] = pg[i] * pm[i] } }
        return [gx]
    }
}
