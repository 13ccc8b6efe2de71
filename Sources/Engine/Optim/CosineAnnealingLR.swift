import Foundation

/// Anneals the learning rate from its initial value down to `etaMin` along half a cosine
/// over `tMax` epochs (`CosineAnnealingLR`):
/// lr = etaMin + (initial - etaMin) · (1 + cos(π · epoch / tMax)) / 2.
/// Past `tMax` it rises again, as PyTorch's does (the cosine continues).
public final class CosineAnnealingLR: LRScheduler {
    /// Epochs from the initial rate down to `etaMin`.
    public let tMax: Int
    /// The lowest learning rate.
    public let etaMin: Float

    /// `CosineAnnealingLR(optimizer, T_max, eta_min=0)`. To resume at epoch `lastEpoch`
    /// (PyTorch's `last_epoch`), load the optimizer's state first: the schedule scales from its
    /// `initial_lr`.
    public init(_ optimizer: any Optimizer, tMax: Int, etaMin: Float = 0, lastEpoch: Int = 0) {
        require(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
        self.tMax = tMax
        self.etaMin = etaMin
        super.init(optimizer, lastEpoch: lastEpoch)
    }

    public override func getLr() -> [Float] {
        let c = (1 + Foundation.cos(Double.pi * Double(lastEpoch) / Double(tMax))) / 2
        return optimizer.paramGroups.map { Float(Double(etaMin) + (Double($0.initialLr) - Double(etaMin)) * c) }
    }
}
