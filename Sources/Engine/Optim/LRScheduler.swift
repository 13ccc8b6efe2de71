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

/// Starts a schedule: fresh (`lastEpoch` 0) from the groups' current rates, which become their
/// initial rates; or resumed at `lastEpoch` from the initial rates the optimizer's loaded state
/// carries (PyTorch's `last_epoch`). True when resuming.
func startSchedule(_ optimizer: any Optimizer, lastEpoch: Int, _ name: String) -> Bool {
    require(lastEpoch >= 0, "\(name): lastEpoch must be 0 (a fresh schedule) or positive, got \(lastEpoch)")
    if lastEpoch > 0 { return true }
    for g in optimizer.paramGroups { g.initialLr = g.lr }
    return false
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

    /// `StepLR(optimizer, step_size, gamma=0.1)`. To resume at epoch `lastEpoch` (PyTorch's
    /// `last_epoch`), load the optimizer's state first: the schedule scales from its `initial_lr`.
    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Float = 0.1, lastEpoch: Int = 0) {
        require(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
        self.lastEpoch = lastEpoch
        if startSchedule(optimizer, lastEpoch: lastEpoch, "StepLR") { apply() }
    }

    /// Advances one epoch and sets the groups' learning rates.
    public func step() {
        lastEpoch += 1
        apply()
    }

    /// Sets the groups' learning rates for `lastEpoch`.
    private func apply() {
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

    /// `CosineAnnealingLR(optimizer, T_max, eta_min=0)`. To resume at epoch `lastEpoch`
    /// (PyTorch's `last_epoch`), load the optimizer's state first: the schedule scales from its
    /// `initial_lr`.
    public init(_ optimizer: any Optimizer, tMax: Int, etaMin: Float = 0, lastEpoch: Int = 0) {
        require(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
        self.optimizer = optimizer
        self.tMax = tMax
        self.etaMin = etaMin
        self.lastEpoch = lastEpoch
        if startSchedule(optimizer, lastEpoch: lastEpoch, "CosineAnnealingLR") { apply() }
    }

    /// Advances one epoch and sets the groups' learning rates.
    public func step() {
        lastEpoch += 1
        apply()
    }

    /// Sets the groups' learning rates for `lastEpoch`.
    private func apply() {
        let c = (1 + Foundation.cos(Double.pi * Double(lastEpoch) / Double(tMax))) / 2
        for g in optimizer.paramGroups {
            g.lr = Float(Double(etaMin) + (Double(g.initialLr) - Double(etaMin)) * c)
        }
    }
}
