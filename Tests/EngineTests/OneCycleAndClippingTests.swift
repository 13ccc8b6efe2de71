import XCTest
import Engine

/// OneCycleLR and gradient clipping against values printed by PyTorch 2.15 for the same calls.
final class OneCycleAndClippingTests: XCTestCase {
    private func assertClose(_ a: [Float], _ e: [Double], _ what: String, line: UInt = #line) {
        XCTAssertEqual(a.count, e.count, what, line: line)
        for (i, (x, y)) in zip(a, e).enumerated() {
            XCTAssertEqual(Double(x), y, accuracy: 1e-6 + 1e-6 * Swift.abs(y), "\(what) at step \(i)", line: line)
        }
    }

    func testOneCycleWithSGDMatchesPyTorch() {
        // OneCycleLR(SGD(lr=0.1, momentum=0.9), max_lr=0.5, total_steps=10)
        let p = zeros(2).requiresGrad_()
        let opt = SGD([p], lr: 0.1, momentum: 0.9)
        let schedule = OneCycleLR(opt, maxLr: 0.5, totalSteps: 10)
        var lrs = [opt.lr], momenta = [opt.momentum]
        for _ in 0..<9 { schedule.step(); lrs.append(opt.lr); momenta.append(opt.momentum) }
        assertClose(lrs, [0.02, 0.26, 0.5, 0.475242316, 0.405872827, 0.305631011, 0.194370989, 0.094129173, 0.024759684, 2e-06], "lr")
        assertClose(momenta, [0.95, 0.9, 0.85, 0.854951557, 0.86882551, 0.888873953, 0.911126047, 0.93117449, 0.945048443, 0.95], "momentum")
        XCTAssertEqual(schedule.lastEpoch, 9)
        // Resumed at step 4, it sets step 4's rate and momentum and carries on from there.
        let resumed = OneCycleLR(opt, maxLr: 0.5, totalSteps: 10, lastEpoch: 4)
        assertClose([opt.lr, opt.momentum], [0.405872827, 0.86882551], "resumed at 4")
        resumed.step()
        assertClose([opt.lr], [0.305631011], "step 5")
    }

    func testThreePhaseLinearOneCycleWithAdamMatchesPyTorch() {
        // OneCycleLR(Adam(lr=0.1), max_lr=0.01, epochs=2, steps_per_epoch=4, pct_start=0.25,
        //            anneal_strategy='linear', three_phase=True, div_factor=10, final_div_factor=100)
        let p = zeros(2).requiresGrad_()
        let opt = Adam([p], lr: 0.1)
        let schedule = OneCycleLR(opt, maxLr: 0.01, epochs: 2, stepsPerEpoch: 4, pctStart: 0.25, annealStrategy: .linear,
                                  divFactor: 10, finalDivFactor: 100, threePhase: true)
        var lrs = [opt.lr], beta1 = [opt.betas.0]
        for _ in 0..<7 { schedule.step(); lrs.append(opt.lr); beta1.append(opt.betas.0) }
        assertClose(lrs, [0.001, 0.01, 0.001, 0.000802, 0.000604, 0.000406, 0.000208, 1e-05], "lr")
        assertClose(beta1, [0.95, 0.85, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95], "beta1")
    }

    func testClipGradNormMatchesPyTorch() {
        let a = Tensor([3, 4] as [Float]).requiresGrad_(), c = Tensor([12] as [Float]).requiresGrad_()
        func setGrads(_ ga: [Float], _ gc: [Float]) {
            (a * Tensor(ga)).sum().backward(); (c * Tensor(gc)).sum().backward()
        }
        setGrads([3, 4], [12])
        XCTAssertEqual(clipGradNorm_([a, c], maxNorm: 6.5), 13)
        XCTAssertEqual(a.grad!.scalars, [1.4999998807907104, 1.9999998807907104])
        XCTAssertEqual(c.grad!.scalars, [5.999999523162842])

        a.zeroGrad(); c.zeroGrad(); setGrads([3, -4], [12])
        XCTAssertEqual(clipGradNorm_([a, c], maxNorm: 100, normType: .infinity), 12)
        XCTAssertEqual(a.grad!.scalars, [3, -4], "under the bound: unchanged")

        a.zeroGrad(); c.zeroGrad(); setGrads([3, -4], [12])
        XCTAssertEqual(clipGradNorm_([a, c], maxNorm: 5, normType: 1), 19)
        for (x, e) in zip(a.grad!.scalars + c.grad!.scalars, [0.7894735336303711, -1.0526313781738281, 3.1578941345214844]) {
            XCTAssertEqual(Double(x), e, accuracy: 1e-6, "PyTorch's float32 division differs in the last bit")
        }
        clipGradValue_([a, c], 1)
        XCTAssertEqual(a.grad!.scalars[1...] + c.grad!.scalars, [-1, 1])
        XCTAssertEqual(Double(a.grad!.scalars[0]), 0.7894735336303711, accuracy: 1e-6, "inside the bound: unchanged")
        XCTAssertEqual(clipGradNorm_([zeros(3).requiresGrad_()], maxNorm: 1), 0, "no gradient: nothing to clip")
    }
}
