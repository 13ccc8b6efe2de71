import XCTest
@testable import Engine

/// Finite-difference checks of every differentiable core op (tensor core, elementwise,
/// reductions, views, indexing, joins, matmul).
final class CoreOpGradTests: XCTestCase {
    func testArithmeticWithBroadcasting() {
        let a = randomInput([3, 4], seed: 1), b = randomInput([3, 4], seed: 2)
        let row = randomInput([4], seed: 3), col = randomInput([3, 1], seed: 4)
        let pos = positiveInput([3, 4], seed: 5), posRow = positiveInput([1, 4], seed: 6)
        gradCheck([a, b], "add") { $0[0] + $0[1] }
        gradCheck([a, row], "add [3,4] + [4]") { $0[0] + $0[1] }
        gradCheck([row, a], "add [4] + [3,4]") { $0[0] + $0[1] }
        gradCheck([col, row], "add [3,1] + [4]") { $0[0] + $0[1] }
        let small = randomInput([2, 1, 6, 6], seed: 7), wide = randomInput([2, 16, 6, 6], seed: 8)
        gradCheck([small, wide], "add [2,1,6,6] + [2,16,6,6]") { $0[0] + $0[1] }
        gradCheck([wide, small], "add [2,16,6,6] + [2,1,6,6]") { $0[0] + $0[1] }
        gradCheck([a, col], "sub") { $0[0] - $0[1] }
        gradCheck([row, a], "sub [4] - [3,4]") { $0[0] - $0[1] }
        gradCheck([a, b], "mul") { $0[0] * $0[1] }
        gradCheck([col, a], "mul [3,1] * [3,4]") { $0[0] * $0[1] }
        gradCheck([a, pos], "div") { $0[0] / $0[1] }
        gradCheck([a, posRow], "div [3,4] / [1,4]") { $0[0] / $0[1] }
        gradCheck([row, pos], "div [4] / [3,4]") { $0[0] / $0[1] }
        let scalar = randomInput([], seed: 9)
        gradCheck([a, scalar], "mul by a 0-d tensor") { $0[0] * $0[1] }
    }

    func testScalarOperations() {
        let a = randomInput([2, 3], seed: 10), pos = positiveInput([2, 3], seed: 11)
        gradCheck(a, "x + 2") { $0 + 2 }
        gradCheck(a, "2 + x") { 2 + $0 }
        gradCheck(a, "x - 2") { $0 - 2 }
        gradCheck(a, "2 - x") { 2 - $0 }
        gradCheck(a, "x * 3") { $0 * 3 }
        gradCheck(a, "3 * x") { 3 * $0 }
        gradCheck(a, "x / 4") { $0 / 4 }
        gradCheck(pos, "4 / x") { 4 / $0 }
        gradCheck(a, "neg") { -$0 }
    }

    func testUnaryFunctions() {
        let a = randomInput([2, 5], seed: 12), pos = positiveInput([2, 5], seed: 13)
        let sep = separatedInputs([4, 5], seed: 14)
        gradCheck(a, "exp") { $0.exp() }
        gradCheck(pos, "log") { $0.log() }
        gradCheck(pos, "sqrt") { $0.sqrt() }
        gradCheck(pos, "pow 3") { $0.pow(3) }
        gradCheck(pos, "pow 0.5") { $0.pow(0.5) }
        gradCheck(a, "pow 2") { $0.pow(2) }
        gradCheck(a, "square") { $0.square() }
        gradCheck(a, "sigmoid") { $0.sigmoid() }
        gradCheck(a, "tanh") { $0.tanh() }
        gradCheck(sep, "relu") { $0.relu() }
        gradCheck(sep, "abs") { $0.abs() }
        gradCheck(sep, "clamp") { $0.clamp(min: -0.3, max: 0.4) }
        gradCheck(sep, "clamp min only") { $0.clamp(min: -0.1) }
        gradCheck(a, "clone") { $0.clone() }
    }

    func testWhere() {
        let a = randomInput([3, 4], seed: 15), b = randomInput([4], seed: 16)
        let mask = Tensor([1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1], shape: [3, 4])
        gradCheck([a, b], "where") { Tensor.where(mask, $0[0], $0[1]) }
        gradCheck(a, "where with a scalar") { Tensor.where(mask, $0, 0.5) }
        gradCheck(a, "where via comparison") { t in Tensor.where(mask == 1, 1 - t, t) }
    }

    func testReductions() {
        let a = randomInput([2, 3, 4], seed: 17), sep = separatedInputs([3, 5], seed: 18)
        gradCheck(a, "sum") { $0.sum() }
        gradCheck(a, "sum dim 1") { $0.sum(dim: 1) }
        gradCheck(a, "sum dim -1 keepdim") { $0.sum(dim: -1, keepdim: true) }
        gradCheck(a, "sum dims [0,2]") { $0.sum(dims: [0, 2]) }
        gradCheck(a, "mean") { $0.mean() }
        gradCheck(a, "mean dim 0") { $0.mean(dim: 0) }
        gradCheck(a, "mean dims [1,2] keepdim") { $0.mean(dims: [1, 2], keepdim: true) }
        gradCheck(sep, "max") { $0.max() }
        gradCheck(sep, "min") { $0.min() }
        gradCheck(sep, "max dim 1") { $0.max(dim: 1).values }
        gradCheck(sep, "min dim 0 keepdim") { $0.min(dim: 0, keepdim: true).values }
        gradCheck(a, "variance") { $0.variance() }
        gradCheck(a, "variance dims biased") { $0.variance(dims: [0, 2], unbiased: false) }
        gradCheck(a, "std") { $0.std() }
    }

    func testViewsAndReordering() {
        let a = randomInput([2, 3, 4], seed: 19)
        gradCheck(a, "reshape") { $0.reshape(4, -1) }
        gradCheck(a, "view") { $0.view(6, 4) }
        gradCheck(a, "flatten") { $0.flatten(startDim: 1) }
        gradCheck(a, "unsqueeze/squeeze") { $0.unsqueeze(1).squeeze(1) * $0 }
        gradCheck(a, "permute") { $0.permute(2, 0, 1) }
        gradCheck(a, "transpose") { $0.transpose(0, 2) }
        gradCheck(randomInput([3, 5], seed: 20), "t") { $0.t() }
        gradCheck(randomInput([3, 1, 4], seed: 21), "expand") { $0.expand(3, 2, 4) }
        gradCheck(randomInput([4], seed: 22), "expand new leading dims") { $0.expand(2, 3, 4) }
    }

    func testIndexing() {
        let a = randomInput([4, 3, 2], seed: 23)
        gradCheck(a, "narrow dim 0 (view)") { $0.narrow(0, 1, 2) }
        gradCheck(a, "narrow dim 1 (copy)") { $0.narrow(1, 1, 2) }
        gradCheck(a, "select dim 1") { $0.select(1, 2) }
        gradCheck(a, "x[i]") { $0[1] }
        gradCheck(a, "x[i, j]") { $0[3, 1] }
        gradCheck(a, "x[a..<b]") { $0[1..<3] }
        gradCheck(a, "x[..<b]") { $0[..<2] }
        gradCheck(a, "x[a...]") { $0[2...] }
        gradCheck(a, "x[indices] with a repeat") { $0[[2, 0, 2]] }
        gradCheck(a, "indexSelect dim 1") { $0.indexSelect(1, [2, 2, 0]) }
        gradCheck(a, "indexSelect with a tensor") { $0.indexSelect(2, Tensor([1, 0])) }
    }

    func testJoins() {
        let a = randomInput([2, 3, 4], seed: 24), b = randomInput([1, 3, 4], seed: 25), c = randomInput([2, 5, 4], seed: 26)
        gradCheck([a, b], "cat dim 0") { cat([$0[0], $0[1]], dim: 0) }
        gradCheck([a, c], "cat dim 1") { cat([$0[0], $0[1]], dim: 1) }
        gradCheck([a, a], "cat of one tensor twice") { cat([$0[0], $0[0]], dim: -1) }
        let d = randomInput([2, 3, 4], seed: 27)
        gradCheck([a, d], "stack dim 0") { stack([$0[0], $0[1]]) }
        gradCheck([a, d], "stack dim 1") { stack([$0[0], $0[1]], dim: 1) }
        gradCheck([a, d], "stack dim -1") { stack([$0[0], $0[1]], dim: -1) }
    }

    func testMatmul() {
        let m = randomInput([3, 4], seed: 28), n = randomInput([4, 5], seed: 29)
        let v = randomInput([4], seed: 30), u = randomInput([3], seed: 31)
        gradCheck([m, n], "2-D") { $0[0].matmul($0[1]) }
        gradCheck([m, n], "• operator") { $0[0] • $0[1] }
        gradCheck([m, v], "matrix · vector") { $0[0].matmul($0[1]) }
        gradCheck([u, m], "vector · matrix") { $0[0].matmul($0[1]) }
        gradCheck([v, randomInput([4], seed: 32)], "vector · vector") { $0[0].matmul($0[1]) }
        let batch = randomInput([2, 3, 4], seed: 33)
        gradCheck([batch, n], "batched · matrix") { $0[0].matmul($0[1]) }
        gradCheck([m, randomInput([2, 4, 5], seed: 34)], "matrix · batched") { $0[0].matmul($0[1]) }
        gradCheck([randomInput([2, 1, 3, 4], seed: 35), randomInput([5, 4, 2], seed: 36)], "batched with broadcast") {
            $0[0].matmul($0[1])
        }
        gradCheck([batch, v], "batched · vector") { $0[0].matmul($0[1]) }
    }

    func testGoldenAgainstPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        let ops: [(String, ([Tensor]) -> Tensor)] = [
            ("cat_dim1", { cat($0, dim: 1) }),
            ("broadcast_add", { $0[0] + $0[1] }),
        ]
        for (name, op) in ops {
            let inputs = [t["\(name).in0"]!.requiresGrad_(), t["\(name).in1"]!.requiresGrad_()]
            let y = op(inputs)
            assertClose(y, t["\(name).out"]!, 1e-4, name)
            y.backward(gradient: t["\(name).gradout"]!)
            for (i, x) in inputs.enumerated() { assertClose(x.grad!, t["\(name).grad\(i)"]!, 1e-3, "\(name) grad\(i)") }
        }
    }
}
