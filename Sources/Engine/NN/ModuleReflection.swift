// Finding a module's children, parameters and buffers from its stored properties
// (Swift's Mirror), so that user-defined models need no registration calls.

/// What one module holds directly: its children and its own tensors, in declaration order.
struct ModuleMembers {
    var children: [(String, Module)] = []
    var parameters: [(String, Tensor)] = []
    var buffers: [(String, Tensor)] = []
}

extension Module {
    /// Reflects over the stored properties of this module's class and of its superclasses
    /// up to (not including) `Module`, base classes first.
    func reflectedMembers() -> ModuleMembers {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror, m.subjectType != Module.self {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        let buffers = bufferPropertyNames
        var members = ModuleMembers()
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("_"), !label.hasPrefix("$") else { continue }
                let name = snakeCase(label)
                let value = child.value
                // `as?` also unwraps optionals held in `Any`; a nil optional matches nothing.
                if let module = value as? Module {
                    members.children.append((name, module))
                } else if let tensor = value as? Tensor {
                    if buffers.contains(label) { members.buffers.append((name, tensor)) }
                    else { members.parameters.append((name, tensor)) }
                } else if let list = value as? [Module] {
                    members.children.append((name, ModuleList(list)))
                } else if let list = value as? [Tensor] {
                    for (i, tensor) in list.enumerated() {
                        if buffers.contains(label) { members.buffers.append(("\(name).\(i)", tensor)) }
                        else { members.parameters.append(("\(name).\(i)", tensor)) }
                    }
                }
            }
        }
        return members
    }
}

/// `runningMean` → `running_mean`, `numBatchesTracked` → `num_batches_tracked`,
/// `convBN` → `conv_bn`; names without capitals (`layer1`, `bn1`) are unchanged.
public func snakeCase(_ name: String) -> String {
    let chars = Array(name)
    var out = ""
    for (i, c) in chars.enumerated() {
        if c.isUppercase {
            let previous: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let startsWord = previous.map { $0.isLowercase || $0.isNumber } ?? false
            let endsAcronym = (previous?.isUppercase ?? false) && (next?.isLowercase ?? false)
            if (startsWord || endsAcronym) && !out.hasSuffix("_") { out.append("_") }
            out += c.lowercased()
        } else {
            out.append(c)
        }
    }
    return out
}
