// Walking the module tree: descendants, parameters, buffers, counts (PyTorch's
// `modules()`, `named_parameters()`, `buffers()`, …).

extension Module {
    /// The direct children (`children()`).
    public func children() -> [Module] { namedChildren().map(\.module) }

    /// This module and all its descendants with their dotted names, parents first; the
    /// module itself has the name "" (`named_modules()`). A module reached twice is listed once.
    public func namedModules() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ module: Module, _ prefix: String) {
            guard seen.insert(ObjectIdentifier(module)).inserted else { return }
            result.append((prefix, module))
            for (name, child) in module.namedChildren() {
                visit(child, prefix.isEmpty ? name : prefix + "." + name)
            }
        }
        visit(self, "")
        return result
    }

    /// This module and all its descendants (`modules()`).
    public func modules() -> [Module] { namedModules().map(\.module) }

    /// Every parameter with its dotted name (`layer1.0.conv1.weight`), each module's own
    /// parameters before its children's (`named_parameters()`). Shared tensors appear once.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        collect { $0.parameters }
    }

    /// Every parameter (`parameters()`), to hand to an optimizer.
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Every buffer with its dotted name (`bn.running_mean`), as `named_buffers()`.
    public func namedBuffers() -> [(name: String, tensor: Tensor)] {
        collect { $0.buffers }
    }

    /// Every buffer (`buffers()`): running statistics and other saved, untrained state.
    public func buffers() -> [Tensor] { namedBuffers().map(\.tensor) }

    /// The number of parameter values: `sum(p.numel() for p in model.parameters())`.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// The number of parameter values that require a gradient (are being trained).
    public var trainableParameterCount: Int {
        parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.count }
    }

    /// Clears the gradient of every parameter (`model.zero_grad()`; sets them to nil,
    /// as PyTorch does by default).
    public func zeroGrad() {
        for p in parameters() { p.zeroGrad() }
    }

    /// Turns gradient recording on or off for every parameter (`requires_grad_()`);
    /// `model.requiresGrad_(false)` freezes a model, e.g. a pretrained backbone.
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) -> Self {
        for p in parameters() { p.requiresGrad = flag }
        return self
    }

    /// Calls `body` on every descendant and then on this module (`apply()`), e.g. to
    /// re-initialise the weights of every `Linear`.
    @discardableResult
    public func apply(_ body: (Module) -> Void) -> Self {
        for child in children() { child.apply(body) }
        body(self)
        return self
    }

    private func collect(_ pick: (ModuleMembers) -> [(String, Tensor)]) -> [(name: String, tensor: Tensor)] {
        var result: [(name: String, tensor: Tensor)] = []
        var seen = Set<ObjectIdentifier>()
        for (prefix, module) in namedModules() {
            for (name, tensor) in pick(module.reflectedMembers())
            where seen.insert(ObjectIdentifier(tensor)).inserted {
                result.append((prefix.isEmpty ? name : prefix + "." + name, tensor))
            }
        }
        return result
    }
}
