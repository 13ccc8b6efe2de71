import Foundation

// An optimizer's state (`optimizer.state_dict()`), so training can stop and resume exactly:
// momentum buffers and moment estimates per parameter, and each group's hyper-parameters.
//
// The layout follows PyTorch's: parameters are numbered 0, 1, 2, … across groups in order, the
// tensors are `state.<index>.<name>` (`momentum_buffer`; `step`, `exp_avg`, `exp_avg_sq`,
// `max_exp_avg_sq`), and the groups are `param_groups`: [{"lr": …, "momentum": …,
// "params": [0, 1, …]}, …]. Saved as safetensors, the groups go to the metadata as JSON.

/// An optimizer's state: per-parameter tensors and per-group hyper-parameters.
public struct OptimizerStateDict {
    /// Per-parameter state by PyTorch's parameter index: `[3: ["momentum_buffer": …]]`.
    /// A parameter that has not been updated yet has no entry.
    public var state: [Int: [String: Tensor]]
    /// Each group's hyper-parameters (`lr`, `initial_lr`, `momentum`, `betas`, …) and the
    /// indices of its parameters under `params`.
    public var paramGroups: [[String: Any]]
    /// The optimizer's type name (`SGD`, `Adam`, `AdamW`); loading checks it.
    public var optimizer: String
}

/// Why a saved optimizer state does not fit an optimizer; names the file and the tensor.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// The state file, when the state came from one.
    public let file: String?
    /// What does not fit, naming the tensor.
    public let message: String

    public var description: String {
        "Error in loading the optimizer state" + (file.map { " from \($0)" } ?? "") + ": " + message
    }
}

/// What an optimizer keeps besides its parameter groups, in its own terms. These are
/// requirements of `Optimizer`; an optimizer without state (a hand-written one) need not
/// implement them.
extension Optimizer {
    public func parameterState(_ parameter: Tensor) -> [String: Tensor] { [:] }
    public func setParameterState(_ parameter: Tensor, _ state: [String: Tensor]) throws {}
    public var hyperparameters: [String: Any] { [:] }
    public func setHyperparameters(_ values: [String: Any]) throws {}
    public var stateNames: Set<String> { [] }
}

extension Optimizer {
    /// The state (`optimizer.state_dict()`). Tensors are copies: later steps do not change them.
    public func stateDict() -> OptimizerStateDict {
        var state: [Int: [String: Tensor]] = [:]
        var groups: [[String: Any]] = []
        var index = 0
        for group in paramGroups {
            var entry = hyperparameters
            entry["lr"] = Double(group.lr)
            entry["initial_lr"] = Double(group.initialLr)
            entry["params"] = Array(index..<(index + group.params.count))
            for p in group.params {
                let kept = parameterState(p)
                if !kept.isEmpty { state[index] = kept.mapValues { $0.clone() } }
                index += 1
            }
            groups.append(entry)
        }
        return OptimizerStateDict(state: state, paramGroups: groups, optimizer: String(describing: type(of: self)))
    }

    /// Restores a state (`optimizer.load_state_dict()`): the groups must have as many parameters
    /// as this optimizer's, and every tensor the shape of its parameter. Hyper-parameters and
    /// learning rates come from the state, as in PyTorch. Nothing changes unless all of it fits.
    public func loadStateDict(_ dict: OptimizerStateDict) throws {
        try loadStateDict(dict, file: nil)
    }

    func loadStateDict(_ dict: OptimizerStateDict, file: String?) throws {
        func fail(_ message: String) -> OptimizerStateError { OptimizerStateError(file: file, message: message) }
        let kind = String(describing: type(of: self))
        guard dict.optimizer == kind else { throw fail("it was saved by \(dict.optimizer), this optimizer is \(kind)") }
        guard dict.paramGroups.count == paramGroups.count else {
            throw fail("\(dict.paramGroups.count) parameter group(s) saved, the optimizer has \(paramGroups.count)")
        }
        let params = parameters
        var index = 0
        for (groupIndex, (saved, group)) in zip(dict.paramGroups, paramGroups).enumerated() {
            let indices = (saved["params"] as? [Int]) ?? []
            guard indices == Array(index..<(index + group.params.count)) else {
                throw fail("group \(groupIndex) holds \(indices.count) parameter(s) in the file, \(group.params.count) in the optimizer")
            }
            guard saved["lr"] is Double else { throw fail("group \(groupIndex) has no learning rate") }
            index += group.params.count
        }
        var problems: [String] = []
        for (i, kept) in dict.state.sorted(by: { $0.key < $1.key }) {
            guard params.indices.contains(i) else {
                problems.append("state for parameter \(i), but the optimizer has \(params.count)")
                continue
            }
            for (name, tensor) in kept.sorted(by: { $0.key < $1.key }) {
                if !stateNames.contains(name) {
                    problems.append("state.\(i).\(name): not something \(kind) keeps")
                } else if name == "step" ? tensor.count != 1 : tensor.shape != params[i].shape {
                    problems.append("state.\(i).\(name): shape \(tensor.shape) in the file, the parameter has \(params[i].shape)")
                }
            }
        }
        if !problems.isEmpty { throw fail(problems.joined(separator: "; ")) }
        // Everything fits: apply.
        try setHyperparameters(dict.paramGroups[0])
        for (saved, group) in zip(dict.paramGroups, paramGroups) {
            group.lr = Float(saved["lr"] as! Double)
            if let initial = saved["initial_lr"] as? Double { group.initialLr = Float(initial) }
        }
        for (i, p) in params.enumerated() {
            try setParameterState(p, (dict.state[i] ?? [:]).mapValues { $0.clone() })
        }
    }

    /// Writes the state to a safetensors file (atomically): tensors `state.<index>.<name>`,
    /// and `optimizer` and `param_groups` (JSON) in the metadata.
    public func save(to path: String) throws {
        let dict = stateDict()
        var tensors: [String: Tensor] = [:]
        for (i, kept) in dict.state {
            for (name, tensor) in kept { tensors["state.\(i).\(name)"] = tensor }
        }
        let groups = try JSONSerialization.data(withJSONObject: dict.paramGroups, options: [.sortedKeys])
        try SafeTensors.write(tensors, metadata: ["format": "pt", "optimizer": dict.optimizer,
                                                  "param_groups": String(decoding: groups, as: UTF8.self)], path: path)
    }

    /// Reads a file written by `save(to:)` and restores it (see `loadStateDict`).
    public func load(from path: String) throws {
        let (tensors, metadata) = try SafeTensors.readWithMetadata(path)
        func fail(_ message: String) -> OptimizerStateError { OptimizerStateError(file: path, message: message) }
        guard let optimizer = metadata["optimizer"], let groupsText = metadata["param_groups"] else {
            throw fail("no optimizer state in its metadata (a model checkpoint? load it with model.load(from:))")
        }
        guard let groups = (try? JSONSerialization.jsonObject(with: Data(groupsText.utf8))) as? [[String: Any]] else {
            throw fail("param_groups in the metadata is not a list of groups")
        }
        var state: [Int: [String: Tensor]] = [:]
        for (key, tensor) in tensors {
            let parts = key.split(separator: ".", maxSplits: 2)
            guard parts.count == 3, parts[0] == "state", let index = Int(parts[1]) else {
                throw fail("\(key): not a state tensor (expected state.<index>.<name>)")
            }
            state[index, default: [:]][String(parts[2])] = tensor
        }
        // JSON numbers and booleans come back as NSNumber: `params` holds integers, the rest doubles.
        let normalised = groups.map { group in
            Dictionary(uniqueKeysWithValues: group.map { key, value -> (String, Any) in
                if let list = value as? [NSNumber] { return (key, key == "params" ? list.map(\.intValue) : list.map(\.doubleValue)) }
                if let number = value as? NSNumber { return (key, number.doubleValue) }
                return (key, value)
            })
        }
        try loadStateDict(OptimizerStateDict(state: state, paramGroups: normalised, optimizer: optimizer), file: path)
    }
}

extension OptimizerStateDict {
    /// A saved hyper-parameter as a Float, or `fallback` when absent.
    static func float(_ values: [String: Any], _ name: String, _ fallback: Float) -> Float {
        (values[name] as? Double).map(Float.init) ?? fallback
    }

    /// A saved flag (a Bool in memory, a number once read back from JSON), or `fallback`.
    static func bool(_ values: [String: Any], _ name: String, _ fallback: Bool) -> Bool {
        if let flag = values[name] as? Bool { return flag }
        if let number = values[name] as? Double { return number != 0 }
        return fallback
    }

    /// A saved pair such as Adam's `betas`, or `fallback`.
    static func pair(_ values: [String: Any], _ name: String, _ fallback: (Float, Float)) -> (Float, Float) {
        guard let list = values[name] as? [Double], list.count == 2 else { return fallback }
        return (Float(list[0]), Float(list[1]))
    }
}
