// Learning-rate schedules (`torch.optim.lr_scheduler`): call `step()` once per epoch
// (or per batch, if the schedule is counted in batches), after `optimizer.step()`.

/// The base of every learning-rate schedule (PyTorch's `LRScheduler`): it counts the steps and
/// sets the optimizer's rates. A schedule subclasses it and overrides only `getLr()`, the rates
/// for `lastEpoch` (and `getMomentum()` if it moves momentum too).
open class LRScheduler {
    /// The optimizer whose learning rates are set.
    public let optimizer: any Optimizer
    /// How many times `step()` has been called (`last_epoch`).
    public private(set) var lastEpoch: Int

    /// Starts a schedule at `lastEpoch` and sets the rates for it. Fresh (`lastEpoch` 0), the
    /// groups' current rates become their initial rates (`initial_lr`); resumed (PyTorch's
    /// `last_epoch`), the schedule scales from the initial rates the optimizer's loaded state
    /// carries, so load that state first. A schedule that fixes its own starting rate passes it
    /// as `initialLr`.
    public init(_ optimizer: any Optimizer, lastEpoch: Int, initialLr: Float? = nil) {
        self.optimizer = optimizer
        self.lastEpoch = lastEpoch
        require(lastEpoch >= 0, "\(type(of: self)): lastEpoch must be 0 (a fresh schedule) or positive, got \(lastEpoch)")
        for group in optimizer.paramGroups {
            if let initialLr {
                group.initialLr = initialLr
            } else if lastEpoch == 0 {
                group.initialLr = group.lr
            }
        }
        apply()
    }

    /// The learning rate of each group at `lastEpoch` (`get_lr()`); subclasses override it.
    open func getLr() -> [Float] {
        fatalError("\(type(of: self)) does not override getLr()")
    }

    /// The momentum (SGD's, or Adam's β1) at `lastEpoch`, or nil to leave it alone.
    open func getMomentum() -> Float? { nil }

    /// Advances the schedule by one and sets the new learning rates.
    open func step() {
        lastEpoch += 1
        apply()
    }

    /// The learning rates last set, one per group (`get_last_lr()`).
    public var lastLr: [Float] { optimizer.paramGroups.map(\.lr) }

    /// Sets the groups' rates (and momentum) for `lastEpoch`.
    private func apply() {
        for (group, lr) in zip(optimizer.paramGroups, getLr()) { group.lr = lr }
        guard let momentum = getMomentum() else { return }
        if let sgd = optimizer as? SGD { sgd.momentum = momentum }
        if let adam = optimizer as? Adam { adam.betas.0 = momentum }
    }
}
