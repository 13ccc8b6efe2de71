/// The engine's one random number generator (xoshiro256**), seeded by `manualSeed`,
/// so that a lesson run twice prints the same numbers.
public struct RandomGenerator: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Float?

    /// A generator whose sequence is fixed by `seed` (PyTorch: `torch.Generator().manual_seed(seed)`).
    public init(seed: UInt64) {
        // splitmix64 spreads the seed over the 256-bit state.
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func nextUniform() -> Float { Float(next() >> 40) * (1.0 / Float(1 << 24)) }

    /// Standard normal (Box-Muller, both values used).
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal { spareNormal = nil; return spare }
        var u1: Double
        repeat { u1 = Double(next() >> 11) * (1.0 / 9007199254740992.0) } while u1 <= .leastNormalMagnitude
        let u2 = Double(next() >> 11) * (1.0 / 9007199254740992.0)
        let r = (-2 * _log(u1)).squareRoot()
        spareNormal = Float(r * _sin(2 * .pi * u2))
        return Float(r * _cos(2 * .pi * u2))
    }

    /// Uniform integer in 0..<n.
    public mutating func nextInt(_ n: Int) -> Int { Int(next(upperBound: UInt64(n))) }
}

import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

/// The global generator behind every random function of the engine.
public enum Random {
    /// The generator every random function draws from; `manualSeed` resets it (PyTorch: `torch.default_generator`).
    nonisolated(unsafe) public static var generator = RandomGenerator(seed: 0x5EED)
}

/// Seeds the global generator (`torch.manual_seed`).
public func manualSeed(_ seed: UInt64) { Random.generator = RandomGenerator(seed: seed) }

/// Samples from the standard normal distribution (`torch.randn`); `requiresGrad: true` makes
/// it a leaf that autograd tracks, as `torch.randn(3, requires_grad=True)`.
public func randn(_ shape: Int..., requiresGrad: Bool = false) -> Tensor { randn(shape, requiresGrad: requiresGrad) }
/// Standard normal samples of `shape` given as an array.
public func randn(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    let t = Tensor(uninitializedShape: shape)
    for i in 0..<t.count { t.data[i] = Random.generator.nextNormal() }
    return t.requiresGrad_(requiresGrad)
}

/// Uniform samples in [0, 1) (`torch.rand`).
public func rand(_ shape: Int..., requiresGrad: Bool = false) -> Tensor { rand(shape, requiresGrad: requiresGrad) }
/// Uniform samples in [0, 1) of `shape` given as an array.
public func rand(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    uniform(shape, low: 0, high: 1).requiresGrad_(requiresGrad)
}

/// Standard normal samples shaped like `t` (`torch.randn_like`).
public func randnLike(_ t: Tensor, requiresGrad: Bool = false) -> Tensor { randn(t.shape, requiresGrad: requiresGrad) }
/// Uniform samples in [0, 1) shaped like `t` (`torch.rand_like`).
public func randLike(_ t: Tensor, requiresGrad: Bool = false) -> Tensor { rand(t.shape, requiresGrad: requiresGrad) }
/// Uniform integers in low..<high shaped like `t` (`torch.randint_like`), stored as Float32.
public func randintLike(_ t: Tensor, _ low: Int, _ high: Int) -> Tensor { randint(low, high, t.shape) }

/// Uniform samples in [low, high).
public func uniform(_ shape: [Int], low: Float, high: Float) -> Tensor {
    let t = Tensor(uninitializedShape: shape)
    let span = high - low
    for i in 0..<t.count { t.data[i] = low + span * Random.generator.nextUniform() }
    return t
}

/// Uniform integers in low..<high (`torch.randint`), stored as Float32.
public func randint(_ low: Int, _ high: Int, _ shape: [Int]) -> Tensor {
    require(high > low, "randint needs low < high, got \(low)..<\(high)")
    let t = Tensor(uninitializedShape: shape)
    for i in 0..<t.count { t.data[i] = Float(low + Random.generator.nextInt(high - low)) }
    return t
}

/// A random permutation of 0..<n (`torch.randperm`), as Swift integers.
public func randperm(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    // Fisher-Yates with the global generator, so shuffles are reproducible.
    if n > 1 {
        for i in stride(from: n - 1, to: 0, by: -1) {
            p.swapAt(i, Random.generator.nextInt(i + 1))
        }
    }
    return p
}
