import Foundation

/// Counts of (true class, predicted class) pairs, accumulated over batches.
/// Rows are true classes, columns predicted classes (scikit-learn's convention).
///
/// ```swift
/// var cm = ConfusionMatrix(classes: 10)
/// for (x, y) in testLoader { cm.update(model(x), y) }
/// print(cm.accuracy, cm.perClassAccuracy)
/// ```
public struct ConfusionMatrix: CustomStringConvertible {
    /// How normalised rates are computed.
    public enum Normalization {
        /// Each row sums to 1: the fraction of each true class predicted as each class.
        case trueClass
        /// Each column sums to 1: of the samples predicted as a class, the fraction of each true class.
        case predictedClass
        /// All cells sum to 1.
        case all
    }

    /// The number of classes.
    public let classes: Int
    /// Display names of the classes (default "0", "1", …).
    public var labels: [String]
    /// counts[t][p]: samples of true class t predicted as p.
    public private(set) var counts: [[Int]]

    /// An empty matrix for `classes` classes, optionally with display names.
    public init(classes: Int, labels: [String]? = nil) {
        require(classes > 0, "ConfusionMatrix: needs at least one class")
        if let labels { require(labels.count == classes, "ConfusionMatrix: \(labels.count) labels for \(classes) classes") }
        self.classes = classes
        self.labels = labels ?? (0..<classes).map(String.init)
        self.counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    }

    /// Adds a batch: `output` is [N, C] scores (argmax taken) or [N] predicted classes;
    /// `targets` the true classes, [N].
    public mutating func update(_ output: Tensor, _ targets: Tensor) {
        update(predicted: predictedClasses(output), actual: targets.intScalars)
    }

    /// Adds pairs of predicted and true class indices.
    public mutating func update(predicted: [Int], actual: [Int]) {
        require(predicted.count == actual.count,
                "ConfusionMatrix: \(predicted.count) predictions for \(actual.count) targets")
        for (p, t) in zip(predicted, actual) {
            require(p >= 0 && p < classes && t >= 0 && t < classes,
                    "ConfusionMatrix: class \(t) predicted as \(p) is out of range for \(classes) classes")
            counts[t][p] += 1
        }
    }

    /// Forgets every count.
    public mutating func reset() {
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    }

    /// The number of samples counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The fraction classified correctly (trace / total); 0 when empty.
    public var accuracy: Float {
        let t = total
        return t == 0 ? 0 : Float((0..<classes).reduce(0) { $0 + counts[$1][$1] }) / Float(t)
    }

    /// For each true class, the fraction of its samples classified correctly (recall);
    /// NaN for a class with no samples.
    public var perClassAccuracy: [Float] {
        (0..<classes).map { c in
            let n = counts[c].reduce(0, +)
            return n == 0 ? .nan : Float(counts[c][c]) / Float(n)
        }
    }

    /// The counts as rates (empty rows or columns give zeros).
    public func normalized(_ over: Normalization = .trueClass) -> [[Float]] {
        switch over {
        case .trueClass:
            return counts.map { row in
                let n = row.reduce(0, +)
                return row.map { n == 0 ? 0 : Float($0) / Float(n) }
            }
        case .predictedClass:
            let columnTotals = (0..<classes).map { p in counts.reduce(0) { $0 + $1[p] } }
            return counts.map { row in
                row.enumerated().map { columnTotals[$0.offset] == 0 ? 0 : Float($0.element) / Float(columnTotals[$0.offset]) }
            }
        case .all:
            let t = total
            return counts.map { row in row.map { t == 0 ? 0 : Float($0) / Float(t) } }
        }
    }

    /// The counts as a [classes, classes] tensor (rows: true class).
    public var tensor: Tensor { Tensor(counts.flatMap { $0.map(Float.init) }, shape: [classes, classes]) }

    /// A table with true classes down and predicted classes across.
    public var description: String {
        let width = max(labels.map(\.count).max() ?? 1, String(counts.flatMap { $0 }.max() ?? 0).count, 4)
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        // The header row holds the predicted classes; the first column the true classes.
        var lines = [String(repeating: " ", count: width) + " " + labels.map(pad).joined(separator: " ")]
        for (c, row) in counts.enumerated() {
            lines.append(pad(labels[c]) + " " + row.map { pad(String($0)) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
