import Foundation

// Learning-rate schedules (`torch.optim.lr_scheduler`): call `step()` once per epoch
// (or per batch, if the schedule is counted in batches), after `optimizer.step()`.

/// A learning-rate schedule driving an optimizer's groups.
public protocol LRScheduler: AnyObject {
    /// The optimizer whose learning rates are set.
    var optimizer: any Optimizer { get }
    /// How many times `step()` has been called (`last_epoch`).
    var lastEpoch: Int { get }
    /// Advances the schedule by one and sets the new learning rates.
    func step()
}

extension LRScheduler {
    /// The learning rates last set, one per group (`get_last_lr()`).
    public var lastLr: [Float] { optimizer.paramGroups.map(\.lr) }
}

/// Multiplies the learning rate by `gamma` every `stepSize` epochs (`StepLR`):
/// lr = initial · gamma^⌊epoch / stepSize⌋.
public final class StepLR: LRScheduler {
    /// The optimizer driven.
    public let optimizer: any Optimizer
    /// Epochs between decays.
    public let stepSize: Int
    /// The factor applied at each decay.
    public let gamma: Float
    /// Steps taken so far.
    public private(set) var lastEpoch = 0

    /// `StepLR(optimizer, step_size, gamma=0.1)`.
    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Float = 0.1) {
        require(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
        for g in optimizer.paramGroups { g.initialLr = g.lr }
    }

    /// Advances one epoch and sets the groups' learning rates.
    public func step() {
        lastEpoch += 1
        let factor = Foundation.pow(Double(gamma), Double(lastEpoch / stepSize))
        for g in optimizer.paramGroups { g.lr = Float(Double(g.initialLr) * factor) }
    }
}

/// Anneals the learning rate from its initial value down to `etaMin` along half a cosine
/// over `tMax` epochs (`CosineAnnealingLR`):
/// lr = etaMin + (initial - etaMin) · (1 + cos(π · epoch / tMax)) / 2.
/// Past `tMax` it rises again, as PyTorch's does (the cosine continues).
public final class CosineAnnealingLR: LRScheduler {
    /// The optimizer driven.
    public let optimizer: any Optimizer
    /// Epochs from the initial rate down to `etaMin`.
    public let tMax: Int
    /// The lowest learning rate.
    public let etaMin: Float
    /// Steps taken so far.
    public private(set) var lastEpoch = 0

    /// `CosineAnnealingLR(optimizer, T_max, eta_min=0)`.
    public init(_ optimizer: any Optimizer, tMax: Int, etaMin: Float = 0) {
        require(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
        self.optimizer = optimizer
        self.tMax = tMax
        self.etaMin = etaMin
        for g in optimizer.paramGroups { g.initialLr = g.lr }
    }

    /// Advances one epoch and sets the groups' learning rates.
    public func step() {
        lastEpoch += 1
        let c = (1 + Foundation.cos(Double.pi * Double(lastEpoch) / Double(tMax))) / 2
        for g in optimizer.paramGroups {
            g.lr = Float(Double(etaMin) + (Double(g.initialLr) - Double(etaMin)) * c)
        }
    }
}
