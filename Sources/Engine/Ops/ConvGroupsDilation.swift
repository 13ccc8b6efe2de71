// Dilated and grouped convolutions (`F.conv2d(…, dilation=…, groups=…)`), built on the plain
// convolution: correct and simple rather than fast.
//
// - Dilation d spreads the kernel's taps d apart. That is the plain convolution with a kernel
//   of size (k − 1)·d + 1 holding the taps and zeros between them (`dilateKernel`), whose
//   gradient gathers the taps back. The zeros cost multiplications (2.8x for a 3x3, d = 2).
// - Groups split the channels: group g convolves input channels g·Cin/G ..< (g+1)·Cin/G with
//   output channels g·Cout/G ..< (g+1)·Cout/G only. Each group is a plain convolution on its
//   slice of the input, and the outputs are concatenated along the channels.

/// `conv2d` with dilation or groups. `weight` is [Cout, Cin / groups, kH, kW]; Cin and
/// Cout must both divide by `groups`.
func dilatedOrGroupedConv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: (Int, Int), padding: (Int, Int),
                            dilation: (Int, Int), groups: Int) -> Tensor {
    require(input.rank == 4 && weight.rank == 4,
            "conv2d expects input [N, C, H, W] and weight [Cout, Cin/groups, kH, kW], got \(input.shape) and \(weight.shape)")
    require(dilation.0 >= 1 && dilation.1 >= 1, "conv2d: dilation must be at least 1, got \(dilation)")
    let (cin, cout) = (input.shape[1], weight.shape[0])
    require(groups >= 1 && cin % groups == 0 && cout % groups == 0,
            "conv2d: \(cin) input and \(cout) output channels do not split into \(groups) groups")
    require(weight.shape[1] * groups == cin,
            "conv2d: weight \(weight.shape) expects \(weight.shape[1] * groups) input channels in \(groups) group(s), input \(input.shape) has \(cin)")
    let kernel = dilation == (1, 1) ? weight : dilateKernel(weight, dilation)
    if groups == 1 { return denseConv2d(input, kernel, bias, stride: stride, padding: padding) }
    let perIn = cin / groups, perOut = cout / groups
    let outputs = (0..<groups).map { group in
        denseConv2d(input.narrow(1, group * perIn, perIn), kernel.narrow(0, group * perOut, perOut),
                    bias?.narrow(0, group * perOut, perOut), stride: stride, padding: padding)
    }
    return cat(outputs, dim: 1)
}

/// The kernel [O, I, kH, kW] spread out for dilation (dh, dw): [O, I, (kH−1)·dh+1, (kW−1)·dw+1]
/// with the taps at multiples of the dilation and zeros between.
func dilateKernel(_ w: Tensor, _ dilation: (Int, Int)) -> Tensor {
    let (o, i, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let (dh, dw) = dilation
    let (h, wd) = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
    /// Calls `body` with each tap's index in the kernel and in the spread-out kernel.
    func forEachTap(_ body: (_ tap: Int, _ spread: Int) -> Void) {
        for plane in 0..<(o * i) {
            for y in 0..<kh { for x in 0..<kw { body((plane * kh + y) * kw + x, plane * h * wd + y * dh * wd + x * dw) } }
        }
    }
    let out = zeros(o, i, h, wd)
    let src = w.data, dst = out.data
    forEachTap { dst[$1] = src[$0] }
    return out.recorded("dilate_kernel", [w]) { gradOutput in
        let gw = Tensor(uninitializedShape: w.shape)
        let pg = gradOutput.data, pw = gw.data
        forEachTap { pw[$0] = pg[$1] }
        return [gw]
    }
}
