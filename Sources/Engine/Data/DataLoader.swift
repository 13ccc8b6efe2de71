import Foundation

/// Serves a dataset in batches (`torch.utils.data.DataLoader`):
///
///     let loader = DataLoader(train, batchSize: 64, shuffle: true)
///     for (xb, yb) in loader { ... }      // one epoch
///
/// Each `for` loop is an epoch. With `shuffle`, the order is a fresh permutation drawn
/// from the global generator at the start of the epoch (so `manualSeed` makes it
/// reproducible). A background thread prepares the next batches while the current
/// one is in use. `count` is the number of batches per epoch.
public final class DataLoader: Sequence {
    /// The dataset served.
    public let dataset: any Dataset
    /// Samples per batch (the last batch may be smaller unless `dropLast`).
    public let batchSize: Int
    /// Whether each epoch visits the samples in a new random order.
    public let shuffle: Bool
    /// Whether a last batch smaller than `batchSize` is left out.
    public let dropLast: Bool
    /// Applied to each input batch (augmentation, normalisation), if any.
    public let transform: Transform?
    /// How many batches the background thread may prepare ahead.
    public let prefetch: Int

    /// A loader of `dataset` in batches of `batchSize`; see the type's documentation.
    public init(_ dataset: any Dataset, batchSize: Int = 1, shuffle: Bool = false,
                dropLast: Bool = false, transform: Transform? = nil, prefetch: Int = 2) {
        require(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.transform = transform
        self.prefetch = Swift.max(1, prefetch)
    }

    /// The number of batches in an epoch (`len(loader)`).
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The index lists of one epoch's batches, drawing the shuffle from the global generator.
    func epochBatches() -> [[Int]] {
        let order = shuffle ? randperm(dataset.count) : Array(0..<dataset.count)
        return (0..<count).map { b in
            Array(order[(b * batchSize)..<Swift.min(order.count, (b + 1) * batchSize)])
        }
    }

    /// The first batch of a new epoch, as `next(iter(loader))` in PyTorch: a quick look at
    /// one batch (shuffled when the loader shuffles). The rest of that epoch is not prepared.
    public func first() -> (input: Tensor, target: Tensor) {
        var iterator = makeIterator()
        guard let batch = iterator.next() else {
            require(false, "DataLoader.first(): the dataset is empty, so there is no batch (StopIteration in PyTorch)")
            fatalError()
        }
        return batch
    }

    /// Starts an epoch: `for (xb, yb) in loader` calls this.
    public func makeIterator() -> Iterator {
        let batches = epochBatches()
        // Random transforms run on the background thread with their own generator, seeded
        // here from the global one: reproducible, and no race on the global generator.
        let seed = transform == nil ? 0 : Random.generator.next()
        return Iterator(Prefetcher(dataset: dataset, batches: batches, transform: transform,
                                   seed: seed, depth: prefetch))
    }

    /// Yields one epoch's batches as (input, target).
    public struct Iterator: IteratorProtocol {
        fileprivate let prefetcher: Prefetcher
        fileprivate init(_ p: Prefetcher) { prefetcher = p }
        public mutating func next() -> (input: Tensor, target: Tensor)? { prefetcher.next() }
    }
}

/// Prepares batches on a background thread into a small bounded queue. When the
/// iterator is dropped early (a `break`), the thread is told to stop.
private final class Prefetcher {
    private final class State {
        let condition = NSCondition()
        var ready: [(input: Tensor, target: Tensor)] = []
        var produced = 0
        var cancelled = false
    }
    private let state = State()
    private let total: Int
    private var consumed = 0

    init(dataset: any Dataset, batches: [[Int]], transform: Transform?, seed: UInt64, depth: Int) {
        total = batches.count
        guard total > 0 else { return }
        let state = self.state
        let thread = Thread {
            var generator = RandomGenerator(seed: seed)
            for indices in batches {
                state.condition.lock()
                while state.ready.count >= depth && !state.cancelled { state.condition.wait() }
                let stop = state.cancelled
                state.condition.unlock()
                if stop { return }
                var (x, y) = dataset.batch(indices)
                if let transform { x = transform.apply(x, using: &generator) }
                state.condition.lock()
                state.ready.append((x, y))
                state.produced += 1
                state.condition.signal()
                state.condition.unlock()
            }
        }
        thread.name = "DataLoader"
        thread.start()
    }

    func next() -> (input: Tensor, target: Tensor)? {
        guard consumed < total else { return nil }
        state.condition.lock()
        while state.ready.isEmpty { state.condition.wait() }
        let batch = state.ready.removeFirst()
        state.condition.signal()
        state.condition.unlock()
        consumed += 1
        return batch
    }

    deinit {
        state.condition.lock()
        state.cancelled = true
        state.condition.signal()
        state.condition.unlock()
    }
}
