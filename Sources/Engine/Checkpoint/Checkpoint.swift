// A model's state (parameters and buffers) by PyTorch's names, and saving/loading it as
// safetensors, which PyTorch users read with `safetensors.torch.load_file`.

/// Why a state dict does not fit a model: every missing, unexpected and mis-shaped tensor,
/// by name (PyTorch's "Error(s) in loading state_dict for …").
public struct StateDictError: Error, CustomStringConvertible {
    /// The model's type name.
    public let model: String
    /// The checkpoint file, when loading from one.
    public let file: String?
    /// Names the model has but the state dict lacks.
    public let missing: [String]
    /// Names the state dict has but the model lacks.
    public let unexpected: [String]
    /// Names present in both with different shapes: (name, shape in the file, shape in the model).
    public let mismatched: [(name: String, found: [Int], expected: [Int])]

    /// Every problem, one per line.
    public var description: String {
        var lines = ["Error(s) in loading state_dict for \(model)" + (file.map { " from \($0)" } ?? "") + ":"]
        if !missing.isEmpty { lines.append("  missing tensor(s): " + missing.joined(separator: ", ")) }
        if !unexpected.isEmpty { lines.append("  unexpected tensor(s): " + unexpected.joined(separator: ", ")) }
        for m in mismatched {
            lines.append("  size mismatch for \(m.name): the checkpoint has shape \(m.found), the model has \(m.expected)")
        }
        return lines.joined(separator: "\n")
    }
}

/// What a non-strict load left out (`load_state_dict`'s return value).
public struct LoadStateDictResult {
    /// Model tensors the state dict did not provide (they keep their values).
    public let missingKeys: [String]
    /// State dict entries the model has no tensor for (ignored).
    public let unexpectedKeys: [String]
}

extension Module {
    /// Parameters and buffers by dotted name, parameters first (`state_dict()`):
    /// `conv.weight`, `bn.running_mean`, `bn.num_batches_tracked`, …
    /// The tensors share storage with the model's but are detached from autograd.
    public func namedStateEntries() -> [(name: String, tensor: Tensor)] {
        (namedParameters() + namedBuffers()).map { ($0.name, $0.tensor.detach()) }
    }

    /// The model's state as a dictionary (`state_dict()`); see `namedStateEntries` for order.
    public func stateDict() -> [String: Tensor] {
        Dictionary(namedStateEntries().map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
    }

    /// Copies values from `stateDict` into the model's parameters and buffers, in place
    /// (`load_state_dict`), so optimizers holding the parameters keep working.
    ///
    /// Strict (the default): the names must match exactly. Not strict: missing and
    /// unexpected names are reported in the result instead. A shape mismatch is always
    /// an error. Nothing is copied unless the whole load can succeed.
    @discardableResult
    public func loadStateDict(_ stateDict: [String: Tensor], strict: Bool = true) throws -> LoadStateDictResult {
        try loadStateDict(stateDict, strict: strict, file: nil)
    }

    func loadStateDict(_ stateDict: [String: Tensor], strict: Bool, file: String?) throws -> LoadStateDictResult {
        let own = namedParameters() + namedBuffers()
        let ownNames = Set(own.map(\.name))
        let missing = own.map(\.name).filter { stateDict[$0] == nil }
        let unexpected = stateDict.keys.filter { !ownNames.contains($0) }.sorted()
        var mismatched: [(name: String, found: [Int], expected: [Int])] = []
        for (name, tensor) in own {
            if let source = stateDict[name], !sameShape(source.shape, tensor.shape) {
                mismatched.append((name, source.shape, tensor.shape))
            }
        }
        if !mismatched.isEmpty || (strict && !(missing.isEmpty && unexpected.isEmpty)) {
            throw StateDictError(model: typeName, file: file, missing: strict ? missing : [],
                                 unexpected: strict ? unexpected : [], mismatched: mismatched)
        }
        for (name, tensor) in own {
            if let source = stateDict[name] { tensor.copy_(source) }
        }
        return LoadStateDictResult(missingKeys: missing, unexpectedKeys: unexpected)
    }
}

/// Equal shapes, where a scalar and a one-element vector count as the same
/// (checkpoints written by other tools store `num_batches_tracked` either way).
private func sameShape(_ a: [Int], _ b: [Int]) -> Bool {
    a == b || (a.reduce(1, *) == 1 && b.reduce(1, *) == 1 && a.count <= 1 && b.count <= 1)
}

/// Saving and loading a model's state as a safetensors file.
public enum Checkpoint {
    /// Buffers PyTorch keeps as integers; written as I64 so PyTorch reads them back as such.
    static func isIntegerBuffer(_ name: String) -> Bool {
        name == "num_batches_tracked" || name.hasSuffix(".num_batches_tracked")
    }

    /// Writes `module`'s parameters and buffers to `path` (atomically), under PyTorch's
    /// names; `safetensors.torch.load_file(path)` gives the model's `state_dict()`.
    public static func save(_ module: Module, to path: String, metadata: [String: String] = [:]) throws {
        let entries = module.namedStateEntries()
        var tensors: [String: Tensor] = [:]
        var dtypes: [String: SafeTensors.DType] = [:]
        for (name, tensor) in entries {
            tensors[name] = tensor
            if isIntegerBuffer(name) { dtypes[name] = .i64 }
        }
        var meta = metadata
        if meta["format"] == nil { meta["format"] = "pt" }
        try SafeTensors.write(tensors, metadata: meta, dtypes: dtypes, path: path)
    }

    /// Reads `path` and loads it into `module` (see `Module.loadStateDict`). Errors name
    /// the file and every tensor that does not fit.
    @discardableResult
    public static func load(_ module: Module, from path: String, strict: Bool = true) throws -> LoadStateDictResult {
        let tensors = try SafeTensors.read(path)
        return try module.loadStateDict(tensors, strict: strict, file: path)
    }
}

extension Module {
    /// Saves the parameters and buffers as safetensors (`Checkpoint.save`).
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        try Checkpoint.save(self, to: path, metadata: metadata)
    }

    /// Loads parameters and buffers from a safetensors file (`Checkpoint.load`).
    @discardableResult
    public func load(from path: String, strict: Bool = true) throws -> LoadStateDictResult {
        try Checkpoint.load(self, from: path, strict: strict)
    }
}
