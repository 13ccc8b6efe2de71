/// The one table of PyTorch (and Python, matplotlib) names that the engine spells differently,
/// and what to write instead. A lesson that fails to compile on one of these names gets a
/// note saying so (`CompilerDiagnostics`), and the cheat sheet must mention every entry
/// (`CheatSheetTests`).
///
/// Only names that do not compile belong here: a PyTorch spelling the engine accepts as it is
/// (`randnLike`, `x ** 2`, `F.mseLoss`) needs no translation.
public enum PyTorchNames {
    /// Where a name fails: as a free name ("cannot find 'X' in scope"), as a member
    /// ("value of type 'T' has no member 'X'"), or both.
    public enum Use: Sendable { case free, member, both }

    /// One translation.
    public struct Entry: Sendable {
        /// The identifier the compiler reports (`randn_like`).
        public let name: String
        /// Where it is used that way.
        public let use: Use
        /// What PyTorch calls it, as the note names it (`randn_like`, `torch.tensor`).
        public let pytorch: String
        /// What to write here (`randnLike(x)`).
        public let swift: String
        /// Why, when the translation needs a reason (`labels are Float32`).
        public let why: String?
        /// Whose name it is: "PyTorch", "Python" or "matplotlib".
        public let origin: String

        init(name: String, use: Use, pytorch: String, swift: String, why: String? = nil, origin: String = "PyTorch") {
            self.name = name
            self.use = use
            self.pytorch = pytorch
            self.swift = swift
            self.why = why
            self.origin = origin
        }

        /// The note's text: `PyTorch's randn_like is randnLike(x) here`.
        public var note: String { "\(origin)'s \(pytorch) is \(swift) here" + (why.map { ": \($0)" } ?? "") }
    }

    /// The translations, PyTorch's snake_case names first, then Python and matplotlib habits.
    public static let entries: [Entry] = [
        // Creation.
        Entry(name: "randn_like", use: .free, pytorch: "randn_like", swift: "randnLike(x)"),
        Entry(name: "rand_like", use: .free, pytorch: "rand_like", swift: "randLike(x)"),
        Entry(name: "zeros_like", use: .free, pytorch: "zeros_like", swift: "zerosLike(x)"),
        Entry(name: "ones_like", use: .free, pytorch: "ones_like", swift: "onesLike(x)"),
        Entry(name: "full_like", use: .free, pytorch: "full_like", swift: "fullLike(x, value)"),
        Entry(name: "randint_like", use: .free, pytorch: "randint_like", swift: "randintLike(x, low, high)"),
        Entry(name: "tensor", use: .free, pytorch: "torch.tensor", swift: "Tensor([...])"),
        Entry(name: "from_numpy", use: .member, pytorch: "torch.from_numpy", swift: "Tensor(array)"),
        Entry(name: "manual_seed", use: .both, pytorch: "manual_seed", swift: "manualSeed(n)"),
        // Autograd.
        Entry(name: "requires_grad_", use: .member, pytorch: "requires_grad_()", swift: "requiresGrad_()"),
        Entry(name: "requires_grad", use: .member, pytorch: "requires_grad", swift: "requiresGrad"),
        Entry(name: "no_grad", use: .both, pytorch: "torch.no_grad()", swift: "noGrad { … }"),
        Entry(name: "zero_grad", use: .member, pytorch: "zero_grad()", swift: "zeroGrad()"),
        // Tensors to Swift values.
        Entry(name: "numpy", use: .member, pytorch: "x.numpy()", swift: "x.scalars"),
        Entry(name: "long", use: .member, pytorch: "x.long()", swift: "x", why: "labels are Float32"),
        Entry(name: "to", use: .member, pytorch: "x.to(device)", swift: "x", why: "there is one device, the CPU"),
        Entry(name: "cuda", use: .member, pytorch: "x.cuda()", swift: "x", why: "there is one device, the CPU"),
        Entry(name: "cpu", use: .member, pytorch: "x.cpu()", swift: "x", why: "there is one device, the CPU"),
        // Functions of torch.nn.functional, in snake_case.
        Entry(name: "log_softmax", use: .both, pytorch: "log_softmax", swift: "logSoftmax(dim:)"),
        Entry(name: "cross_entropy", use: .both, pytorch: "F.cross_entropy", swift: "F.crossEntropy(input, target)"),
        Entry(name: "mse_loss", use: .both, pytorch: "F.mse_loss", swift: "F.mseLoss(input, target)"),
        Entry(name: "nll_loss", use: .both, pytorch: "F.nll_loss", swift: "F.nllLoss(input, target)"),
        Entry(name: "l1_loss", use: .both, pytorch: "F.l1_loss", swift: "F.l1Loss(input, target)"),
        Entry(name: "max_pool2d", use: .both, pytorch: "F.max_pool2d", swift: "F.maxPool2d(x, kernelSize:)"),
        Entry(name: "avg_pool2d", use: .both, pytorch: "F.avg_pool2d", swift: "F.avgPool2d(x, kernelSize:)"),
        // Modules, optimizers and data.
        Entry(name: "state_dict", use: .member, pytorch: "state_dict()", swift: "stateDict()"),
        Entry(name: "load_state_dict", use: .member, pytorch: "load_state_dict", swift: "load(from: path)"),
        Entry(name: "named_parameters", use: .member, pytorch: "named_parameters()", swift: "namedParameters()"),
        Entry(name: "clip_grad_norm_", use: .free, pytorch: "clip_grad_norm_", swift: "clipGradNorm_(parameters, maxNorm:)"),
        Entry(name: "random_split", use: .free, pytorch: "random_split", swift: "randomSplit(dataset, sizes)"),
        Entry(name: "torch", use: .free, pytorch: "torch.exp(x)", swift: "exp(x)", why: "torch's functions are free functions"),
        Entry(name: "nn", use: .free, pytorch: "nn.Linear(…)", swift: "Linear(…)", why: "layers have no nn. prefix"),
        // Python built-ins.
        Entry(name: "iter", use: .free, pytorch: "next(iter(loader))", swift: "loader.first()", origin: "Python"),
        Entry(name: "len", use: .free, pytorch: "len(x)", swift: "x.size(0)", why: "x.count for a loader or an array", origin: "Python"),
        // matplotlib.
        Entry(name: "plt", use: .free, pytorch: "plt.plot(x, y)", swift: "Figure().plot(x, y)", origin: "matplotlib"),
        Entry(name: "savefig", use: .member, pytorch: "savefig(path)", swift: "save(path)", origin: "matplotlib"),
    ]

    /// The table as Markdown, for the cheat sheet (docs/lessons/01-pytorch-to-swift.md holds
    /// this text verbatim; `CheatSheetTests` fails when the two differ).
    public static var markdownTable: String {
        var out = "| PyTorch, Python, matplotlib | here |\n| --- | --- |\n"
        for e in entries {
            out += "| `\(e.pytorch)` | `\(e.swift)`\(e.why.map { " (\($0))" } ?? "") |\n"
        }
        return out
    }

    /// The entry for `name` used as `use` (free or member), if the table has one.
    public static func entry(for name: String, as use: Use) -> Entry? {
        entries.first { $0.name == name && ($0.use == .both || $0.use == use) }
    }

    /// The note for a compiler error message, when it names a missing identifier that the
    /// table translates: "cannot find 'X' in scope" or "value of type 'T' has no member 'X'"
    /// (also "type 'T' has no member 'X'" and "module 'M' has no member named 'X'").
    public static func note(forCompilerMessage message: String) -> String? {
        if let name = quoted(in: message, after: "cannot find '", before: "' in scope") {
            return entry(for: name, as: .free)?.note
        }
        if message.contains("has no member") {
            // The member is the last quoted name: "value of type 'Tensor' has no member 'numpy'".
            guard let start = message.range(of: "has no member")?.upperBound else { return nil }
            let rest = message[start...]
            guard let open = rest.firstIndex(of: "'"),
                  let close = rest[rest.index(after: open)...].firstIndex(of: "'") else { return nil }
            return entry(for: String(rest[rest.index(after: open)..<close]), as: .member)?.note
        }
        return nil
    }

    private static func quoted(in message: String, after prefix: String, before suffix: String) -> String? {
        guard let start = message.range(of: prefix)?.upperBound,
              let end = message[start...].range(of: suffix)?.lowerBound else { return nil }
        return String(message[start..<end])
    }
}
