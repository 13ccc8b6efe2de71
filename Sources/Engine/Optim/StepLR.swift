import Foundation

/// Multiplies the learning rate by `gamma` every `stepSize` epochs (`StepLR`):
/// lr = initial · gamma^⌊epoch / stepSize⌋.
public final class StepLR: LRScheduler {
    /// Epochs between decays.
    public let stepSize: Int
    /// The factor applied at each decay.
    public let gamma: Float

    /// `StepLR(optimizer, step_size, gamma=0.1)`. To resume at epoch `lastEpoch` (PyTorch's
    /// `last_epoch`), load the optimizer's state first: the schedule scales from its `initial_lr`.
    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Float = 0.1, lastEpoch: Int = 0) {
        require(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer, lastEpoch: lastEpoch)
    }

    public override func getLr() -> [Float] {
        let factor = Foundation.pow(Double(gamma), Double(lastEpoch / stepSize))
        return optimizer.paramGroups.map { Float(Double($0.initialLr) * factor) }
    }
}
