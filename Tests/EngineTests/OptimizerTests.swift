import XCTest
import Engine

/// Optimizer steps against values computed by hand from PyTorch's documented algorithms
/// (torch.optim.SGD / Adam / AdamW pseudo-code, in double precision) for the loss
/// f(p) = Σ ½·c·p² + d·p, whose gradient is c·p + d, with c = [1, 2, 0.5],
/// d = [0.5, -1, 0.25], starting from p = [1, -2, 3].
final class OptimizerTests: XCTestCase {
    private let c = Tensor([1, 2, 0.5] as [Float]), d = Tensor([0.5, -1, 0.25] as [Float])

    /// Runs `steps` optimizer steps from the start point and returns p after each.
    private func run(_ steps: Int, _ make: ([Tensor]) -> any Optimizer) -> [[Float]] {
        let p = Tensor([1, -2, 3] as [Float]).requiresGrad_()
        let opt = make([p])
        var trace: [[Float]] = []
        for _ in 0..<steps {
            opt.zeroGrad()
            let loss = (0.5 * c * p * p + d * p).sum()
            loss.backward()
            opt.step()
            trace.append(p.scalars)
        }
        return trace
    }

    private func check(_ actual: [[Float]], _ expected: [[Float]], accuracy: Float = 2e-6,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (step, (a, e)) in zip(actual, expected).enumerated() {
            for (i, (x, y)) in zip(a, e).enumerated() where abs(x - y) > accuracy {
                XCTFail("step \(step + 1), element \(i): \(x) vs expected \(y)", file: file, line: line)
            }
        }
    }

    func testPlainSGD() {
        check(run(3) { SGD($0, lr: 0.1) },
              [[0.85, -1.5, 2.825], [0.715, -1.1, 2.65875], [0.5935, -0.78, 2.5008125]])
    }

    func testSGDMomentum() {
        check(run(3) { SGD($0, lr: 0.1, momentum: 0.9) },
              [[0.85, -1.5, 2.825], [0.58, -0.65, 2.50125], [0.229, 0.345, 2.0598125]])
    }

    func testSGDNesterovWithWeightDecay() {
        check(run(3) { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true) },
              [[0.7131, -1.0462, 2.6618], [0.35894611, -0.05003622, 2.21219158],
               [-0.0138533595, 0.776362434, 1.69035926]])
    }

    func testSGDDampeningAndWeightDecay() {
        check(run(3) { SGD($0, lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1) },
              [[0.84, -1.48, 2.795], [0.6248, -0.8066, 2.51415], [0.371756, -0.065847, 2.1734605]])
    }

    func testAdam() {
        check(run(3) { Adam($0, lr: 0.1) },
              [[0.900000001, -1.9, 2.9], [0.800239063, -1.80012719, 2.80008605],
               [0.700902872, -1.70047393, 2.70031895]])
    }

    func testAdamWeightDecayAddsToTheGradient() {
        check(run(3) { Adam($0, lr: 0.1, weightDecay: 1.0) },
              [[0.9, -1.9, 2.9], [0.800303727, -1.8001381, 2.80009649], [0.70115545, -1.70051529, 2.70035814]])
    }

    func testAdamWDecouplesWeightDecay() {
        check(run(3) { AdamW($0, lr: 0.1, weightDecay: 0.1) },
              [[0.890000001, -1.88, 2.87], [0.781370646, -1.76135838, 2.74141653],
               [0.674307152, -1.64417622, 2.61431762]])
    }

    func testAdamAmsgradKeepsTheLargestSecondMoment() {
        let expected: [[Float]] = [[0.500000003, -1.5, 2.5], [0.0376925429, -1.01867487, 2.01228862],
                                   [-0.344341056, -0.572224475, 1.5462982], [-0.589434684, -0.178372431, 1.11158279]]
        check(run(4) { Adam($0, lr: 0.5, betas: (0.5, 0.9), amsgrad: true) }, expected)
        // Without amsgrad the third step differs (the second moment shrank).
        let plain = run(4) { Adam($0, lr: 0.5, betas: (0.5, 0.9)) }
        XCTAssertEqual(plain[2][0], -0.345189192, accuracy: 2e-6)
    }

    func testAdamWDefaultsAreTorchDefaults() {
        let p = zeros(2).requiresGrad_()
        let adamw = AdamW([p])
        XCTAssertEqual(adamw.lr, 1e-3)
        XCTAssertEqual(adamw.weightDecay, 1e-2)
        XCTAssertEqual(adamw.betas.0, 0.9)
        XCTAssertEqual(adamw.betas.1, 0.999)
        XCTAssertEqual(adamw.eps, 1e-8)
        XCTAssertEqual(Adam([p]).weightDecay, 0)
    }

    func testParametersWithoutGradientsAreLeftAlone() {
        let a = Tensor([1, 2] as [Float]).requiresGrad_(), b = Tensor([3, 4] as [Float]).requiresGrad_()
        let opt = SGD([a, b], lr: 0.5, momentum: 0.9)
        (a * a).sum().backward()
        opt.step()
        XCTAssertEqual(a.scalars, [0, 0])
        XCTAssertEqual(b.scalars, [3, 4])
        opt.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testParamGroupsHaveTheirOwnLearningRate() {
        let a = Tensor([1] as [Float]).requiresGrad_(), b = Tensor([1] as [Float]).requiresGrad_()
        let opt = SGD([], lr: 0.1, groups: [([a], nil), ([b], 0.01)])
        (a + b).sum().backward()
        opt.step()
        XCTAssertEqual(a.item(), 0.9, accuracy: 1e-7)
        XCTAssertEqual(b.item(), 0.99, accuracy: 1e-7)
        opt.lr = 0.5
        XCTAssertEqual(opt.paramGroups.map(\.lr), [0.5, 0.5])
    }

    func testStepLR() {
        let opt = SGD([zeros(1).requiresGrad_()], lr: 1)
        let schedule = StepLR(opt, stepSize: 2, gamma: 0.5)
        var rates: [Float] = [opt.lr]
        for _ in 0..<5 { schedule.step(); rates.append(opt.lr) }
        XCTAssertEqual(rates, [1, 1, 0.5, 0.5, 0.25, 0.25])
        XCTAssertEqual(schedule.lastEpoch, 5)
        XCTAssertEqual(schedule.lastLr, [0.25])
    }

    func testCosineAnnealingLR() {
        let opt = SGD([zeros(1).requiresGrad_()], lr: 0.1)
        let schedule = CosineAnnealingLR(opt, tMax: 4, etaMin: 0.02)
        var rates: [Float] = [opt.lr]
        for _ in 0..<4 { schedule.step(); rates.append(opt.lr) }
        // 0.02 + 0.08·(1 + cos(π·t/4))/2 for t = 0…4.
        let expected: [Float] = [0.1, 0.088284271, 0.06, 0.031715729, 0.02]
        for (r, e) in zip(rates, expected) { XCTAssertEqual(r, e, accuracy: 1e-7) }
    }

    /// A schedule of one's own overrides only `getLr()`; the base counts steps, keeps the
    /// initial rates and sets every group's rate, as PyTorch's `LRScheduler` does.
    func testAScheduleOverridesOnlyGetLr() {
        final class Halving: LRScheduler {
            override func getLr() -> [Float] {
                optimizer.paramGroups.map { $0.initialLr / Float(1 << lastEpoch) }
            }
        }
        let opt = SGD([], lr: 0.8, groups: [([zeros(1).requiresGrad_()], nil), ([zeros(1).requiresGrad_()], 0.2)])
        opt.paramGroups[1].lr = 0.4  // a fresh schedule starts from the rates as they are now
        let schedule = Halving(opt, lastEpoch: 0)
        XCTAssertEqual(schedule.lastLr, [0.8, 0.4])
        schedule.step()
        schedule.step()
        XCTAssertEqual(schedule.lastEpoch, 2)
        XCTAssertEqual(opt.paramGroups.map(\.lr), [0.2, 0.1])
        XCTAssertEqual(opt.paramGroups.map(\.initialLr), [0.8, 0.4])
    }
}
