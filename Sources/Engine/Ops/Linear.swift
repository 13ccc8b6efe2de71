// The fully connected function, y = x·Wᵀ + b (`F.linear`); the layer is `Linear` (NN/LinearModules.swift).

/// `F.linear`: x · weightᵀ + bias for x of shape [*, in], weight [out, in], bias [out];
/// the result has shape [*, out]. One GEMM forward, two backward.
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) -> Tensor {
    require(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
    let outF = weight.shape[0], inF = weight.shape[1]
    require(x.rank >= 1 && x.shape[x.rank - 1] == inF,
                 "linear: input of shape \(x.shape) does not end in \(inF) features (weight \(weight.shape))")
    if let bias { require(bias.shape == [outF], "linear: bias must be [\(outF)], got \(bias.shape)") }
    let rows = x.count / Swift.max(inF, 1)
    let out = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [outF])
    if let bias {
        // Start from the bias in every row, then accumulate x·Wᵀ onto it.
        let pb = bias.data, po = out.data
        for r in 0..<rows { (po + r * outF).update(from: pb, count: outF) }
        sgemm(x.data, transA: false, weight.data, transB: true, po, m: rows, n: outF, k: inF, accumulate: true)
    } else {
        sgemm(x.data, transA: false, weight.data, transB: true, out.data, m: rows, n: outF, k: inF)
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return out.recorded("linear", inputs) { gradOutput in
        var grads: [Tensor?] = [nil, nil]
        if x.requiresGrad {
            let gx = Tensor(uninitializedShape: x.shape)
            sgemm(gradOutput.data, transA: false, weight.data, transB: false, gx.data, m: rows, n: inF, k: outF)
            grads[0] = gx
        }
        if weight.requiresGrad {
            let gw = Tensor(uninitializedShape: weight.shape)
            sgemm(gradOutput.data, transA: true, x.data, transB: false, gw.data, m: outF, n: inF, k: rows)
            grads[1] = gw
        }
        if let bias {
            grads.append(bias.requiresGrad ? gradOutput.reshape([rows, outF]).sum(dim: 0) : nil)
        }
        return grads
    }
}
