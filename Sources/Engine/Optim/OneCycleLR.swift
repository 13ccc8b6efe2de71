import Foundation

/// The 1cycle policy (`torch.optim.lr_scheduler.OneCycleLR`, fastai's `fit_one_cycle`): the
/// learning rate climbs from maxLr/divFactor to maxLr over the first `pctStart` of training,
/// then anneals to maxLr/(divFactor·finalDivFactor); momentum (SGD's, or Adam's β1) moves the
/// other way, between maxMomentum and baseMomentum. Step it once per batch, after
/// `optimizer.step()`. With `threePhase`, the rate comes back down to its start symmetrically
/// before the final annealing, as in PyTorch.
public final class OneCycleLR: LRScheduler {
    /// How a phase moves from its start value to its end value.
    public enum Anneal: Sendable {
        /// Half a cosine (the default).
        case cos
        /// A straight line.
        case linear

        func value(from start: Double, to end: Double, _ pct: Double) -> Double {
            switch self {
            case .cos: return end + (start - end) / 2 * (Foundation.cos(Double.pi * pct) + 1)
            case .linear: return (end - start) * pct + start
            }
        }
    }

    private struct Phase {
        let endStep: Double
        let startLr: Double, endLr: Double
        let startMomentum: Double, endMomentum: Double
    }

    /// Steps in the whole cycle (`total_steps`, or epochs × stepsPerEpoch).
    public let totalSteps: Int
    /// The peak learning rate of the cycle (PyTorch: `max_lr`).
    public let maxLr: Float
    private let anneal: Anneal
    private let cycleMomentum: Bool
    private let phases: [Phase]

    /// `OneCycleLR(optimizer, max_lr, total_steps=…, pct_start=0.3, anneal_strategy='cos',
    /// cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25,
    /// final_div_factor=1e4, three_phase=False)`. Give `totalSteps`, or `epochs` and
    /// `stepsPerEpoch`. Sets the rate (and momentum) for step `lastEpoch` at once: 0 for a fresh
    /// schedule, the number of steps taken when resuming from a checkpoint.
    public init(_ optimizer: any Optimizer, maxLr: Float, totalSteps: Int? = nil, epochs: Int? = nil, stepsPerEpoch: Int? = nil,
                pctStart: Double = 0.3, annealStrategy: Anneal = .cos, cycleMomentum: Bool = true,
                baseMomentum: Double = 0.85, maxMomentum: Double = 0.95, divFactor: Double = 25,
                finalDivFactor: Double = 1e4, threePhase: Bool = false, lastEpoch: Int = 0) {
        let steps = totalSteps ?? ((epochs ?? 0) * (stepsPerEpoch ?? 0))
        require(steps > 0, "OneCycleLR: give totalSteps, or epochs and stepsPerEpoch (got \(totalSteps.map(String.init) ?? "nil"), "
                + "\(epochs.map(String.init) ?? "nil"), \(stepsPerEpoch.map(String.init) ?? "nil"))")
        require(pctStart > 0 && pctStart < 1, "OneCycleLR: pctStart must be between 0 and 1, got \(pctStart)")
        require(!cycleMomentum || optimizer is SGD || optimizer is Adam,
                "OneCycleLR: cycleMomentum needs an optimizer with momentum (SGD or Adam); pass cycleMomentum: false")
        self.totalSteps = steps
        self.maxLr = maxLr
        let initialRate = Double(maxLr) / divFactor, maxRate = Double(maxLr)
        let minRate = initialRate / finalDivFactor
        anneal = annealStrategy
        self.cycleMomentum = cycleMomentum
        let total = Double(steps)
        let warmUp = Phase(endStep: pctStart * total - 1, startLr: initialRate, endLr: maxRate,
                           startMomentum: maxMomentum, endMomentum: baseMomentum)
        phases = threePhase
            ? [warmUp,
               Phase(endStep: 2 * pctStart * total - 2, startLr: maxRate, endLr: initialRate,
                     startMomentum: baseMomentum, endMomentum: maxMomentum),
               Phase(endStep: total - 1, startLr: initialRate, endLr: minRate,
                     startMomentum: maxMomentum, endMomentum: maxMomentum)]
            : [warmUp,
               Phase(endStep: total - 1, startLr: maxRate, endLr: minRate,
                     startMomentum: baseMomentum, endMomentum: maxMomentum)]
        require(lastEpoch >= 0 && lastEpoch <= steps, "OneCycleLR: lastEpoch must be between 0 and \(steps), got \(lastEpoch)")
        super.init(optimizer, lastEpoch: lastEpoch, initialLr: Float(initialRate))
    }

    /// Advances one batch and sets the rate (and momentum); stepping past the cycle's end is an error.
    public override func step() {
        require(lastEpoch + 1 <= totalSteps,
                "OneCycleLR: tried to step \(lastEpoch + 1) times; the schedule has \(totalSteps) steps in total")
        super.step()
    }

    public override func getLr() -> [Float] {
        let lr = Float(value(\.startLr, \.endLr))
        return optimizer.paramGroups.map { _ in lr }
    }

    public override func getMomentum() -> Float? {
        cycleMomentum ? Float(value(\.startMomentum, \.endMomentum)) : nil
    }

    /// The value at `lastEpoch` of what moves from `start` to `end` within each phase.
    private func value(_ start: KeyPath<Phase, Double>, _ end: KeyPath<Phase, Double>) -> Double {
        let step = Double(lastEpoch)
        var phaseStart = 0.0
        for (i, phase) in phases.enumerated() {
            if step <= phase.endStep || i == phases.count - 1 {
                let pct = (step - phaseStart) / (phase.endStep - phaseStart)
                return anneal.value(from: phase[keyPath: start], to: phase[keyPath: end], pct)
            }
            phaseStart = phase.endStep
        }
        fatalError("OneCycleLR has at least one phase")
    }
}
