// Classification accuracy.

/// The predicted class of each sample: the argmax over dimension 1 of [N, C] scores.
/// A [N] tensor (or [N, 1] binary scores) is taken as it is.
func predictedClasses(_ output: Tensor) -> [Int] {
    if output.rank == 2 && output.shape[1] > 1 { return output.argmax(dim: 1).intScalars }
    return output.scalars.map { Int($0.rounded()) }
}

/// The fraction of samples classified correctly, in [0, 1].
///
/// `output` is either scores of shape [N, C] (logits, log-probabilities or probabilities:
/// the predicted class is the argmax over classes), or predicted class indices of
/// shape [N]. `targets` holds the class indices, [N] (or [N, 1]).
public func accuracy(_ output: Tensor, _ targets: Tensor) -> Float {
    let predicted = predictedClasses(output)
    let truth = targets.intScalars
    require(predicted.count == truth.count,
            "accuracy: \(predicted.count) predictions (output shape \(output.shape)) for \(truth.count) targets (shape \(targets.shape))")
    guard !truth.isEmpty else { return 0 }
    let correct = zip(predicted, truth).filter { $0 == $1 }.count
    return Float(correct) / Float(truth.count)
}

/// Accuracy of a binary classifier with one score per sample: a sample counts as class 1
/// when its score exceeds `threshold` (0 for logits; 0.5 for probabilities), as the
/// course's `batch_accuracy` does. `scores` and `targets` have the same number of elements.
public func binaryAccuracy(_ scores: Tensor, _ targets: Tensor, threshold: Float = 0) -> Float {
    require(scores.count == targets.count,
            "binaryAccuracy: \(scores.count) scores (shape \(scores.shape)) for \(targets.count) targets (shape \(targets.shape))")
    guard scores.count > 0 else { return 0 }
    let s = scores.scalars, t = targets.scalars
    let correct = (0..<s.count).filter { (s[$0] > threshold ? 1 : 0) == (t[$0] > 0.5 ? 1 : 0) }.count
    return Float(correct) / Float(s.count)
}
