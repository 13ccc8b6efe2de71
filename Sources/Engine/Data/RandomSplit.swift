// torch.utils.data.random_split.

/// Splits `dataset` at random into non-overlapping subsets of the given sizes, which
/// must add up to its count: `randomSplit(train, [45000, 5000])`. The permutation comes
/// from the global generator, so `manualSeed` makes the split reproducible.
public func randomSplit(_ dataset: any Dataset, _ lengths: [Int]) -> [Subset] {
    require(lengths.allSatisfy { $0 >= 0 }, "randomSplit: negative length in \(lengths)")
    require(lengths.reduce(0, +) == dataset.count,
            "randomSplit: lengths \(lengths) add up to \(lengths.reduce(0, +)), the dataset has \(dataset.count) samples")
    let order = randperm(dataset.count)
    var start = 0
    return lengths.map { n in
        defer { start += n }
        return Subset(dataset, indices: Array(order[start..<(start + n)]))
    }
}

/// Splits by fractions that add up to 1 (`randomSplit(ds, [0.9, 0.1])`). As in PyTorch,
/// each subset gets floor(fraction x count) and the remainder goes one by one to the
/// first subsets.
public func randomSplit(_ dataset: any Dataset, _ fractions: [Double]) -> [Subset] {
    let total = fractions.reduce(0, +)
    require(abs(total - 1) < 1e-6 && fractions.allSatisfy { $0 >= 0 },
            "randomSplit: fractions \(fractions) must be non-negative and add up to 1")
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    var remainder = dataset.count - lengths.reduce(0, +)
    var i = 0
    while remainder > 0 {
        lengths[i % lengths.count] += 1
        remainder -= 1
        i += 1
    }
    return randomSplit(dataset, lengths)
}
