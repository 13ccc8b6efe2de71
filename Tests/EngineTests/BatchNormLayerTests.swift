import XCTest
@testable import Engine

/// The batch-norm modules' bookkeeping: running statistics, the batch counter, modes.
final class BatchNormLayerTests: XCTestCase {
    private let batchA = Tensor([1, 2, 3, 6, 0, 0, 1, 3], shape: [2, 2, 2, 1])
    private let batchB = Tensor([5, 5, 5, 9, 2, 2, 2, 2], shape: [2, 2, 2, 1])

    func testTrainingUpdatesRunningStatisticsWithMomentum() {
        let bn = BatchNorm2d(2)
        _ = bn(batchA)
        // Channel 0 holds 1, 2, 0, 0 (mean 0.75, unbiased variance 0.9167);
        // channel 1 holds 3, 6, 1, 3 (mean 3.25, unbiased variance 4.25).
        assertValues(bn.runningMean!, [0.075, 0.325], accuracy: 1e-6)
        assertValues(bn.runningVar!, [0.9 + 0.1 * 11 / 12, 0.9 + 0.1 * 4.25], accuracy: 1e-6)
        XCTAssertEqual(bn.numBatchesTracked!.item(), 1)
        _ = bn(batchB)
        XCTAssertEqual(bn.numBatchesTracked!.item(), 2)
    }

    func testCumulativeAverageWithoutMomentum() {
        let bn = BatchNorm2d(2, momentum: nil)
        _ = bn(batchA)
        _ = bn(batchB)
        // The plain average of the two batch means: (0.75 + 3.5) / 2, (3.25 + 4.5) / 2.
        assertValues(bn.runningMean!, [2.125, 3.875], accuracy: 1e-6)
    }

    func testEvalModeUsesRunningStatisticsAndLeavesThemAlone() {
        let bn = BatchNorm2d(2)
        bn.runningMean!.copy_(Tensor([1, -1] as [Float]))
        bn.runningVar!.copy_(Tensor([4, 0.25] as [Float]))
        bn.eval()
        let y = bn(batchA)
        let s0 = 1 / (4 + 1e-5 as Float).squareRoot(), s1 = 1 / (0.25 + 1e-5 as Float).squareRoot()
        assertValues(y, [0, 1 * s0, 4 * s1, 7 * s1, -1 * s0, -1 * s0, 2 * s1, 4 * s1], accuracy: 1e-5)
        assertValues(bn.runningMean!, [1, -1])
        XCTAssertEqual(bn.numBatchesTracked!.item(), 0)
    }

    func testWithoutRunningStatisticsBatchStatisticsAreAlwaysUsed() {
        let bn = BatchNorm1d(2, trackRunningStats: false)
        XCTAssertTrue(bn.namedBuffers().isEmpty)
        bn.eval()
        let y = bn(Tensor([[1, 10], [3, 30]]))
        assertValues(y, [-1, -1, 1, 1], accuracy: 1e-4)
    }

    func testNonAffineHasNoParameters() {
        XCTAssertEqual(BatchNorm2d(4, affine: false).parameterCount, 0)
        XCTAssertEqual(BatchNorm2d(4).parameterCount, 8)
    }
}
