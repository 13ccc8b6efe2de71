/// How hard the synthetic CIFAR-10 stand-in is: the knobs of `SyntheticCIFAR`'s generator.
///
/// Each image is one class's shape or texture (the class's *shape cue*) drawn in a colour
/// (its *colour cue*) over a background, with noise. A network that reads only the colour,
/// which even a barely trained one does, is capped near `1 - colourConfusion` (plus chance
/// on the rest); beating that takes the shape, which a network has to learn.
///
/// `calibrated` is the default the data catalog writes, calibrated against lesson 4's default
/// run (the lab's SGD lr 0.001, batch 128, NLL loss, plus the lesson's momentum 0.9, on a
/// 4,000-image subset) so that the lab's plain `CIFAR10Net` learns, but clearly less well
/// than the lab's ResNet, and deeper plain convolution stacks train worse while residual ones
/// do not. What the calibration found (one thread of a loaded 2-core Xeon):
/// - No setting of these knobs moves `CIFAR10Net` off ln 10 in the ResNet's 64 steps (loss
///   2.301 after 2 epochs on `uncalibrated`, 2.298 with colour giving the class away and no
///   noise): with PyTorch's default initialisation and no batch norm, its plateau at lr 0.001
///   lasts a few hundred steps whatever the data. So lesson 4 gives it 16 epochs (512 steps,
///   a little more than the lab's one epoch of 391), cheap for so small a network.
/// - Consistent colour shortens the plateau: `calibrated` (colour misleads one image in ten,
///   less jitter and noise) has `CIFAR10Net` at training loss 1.830 in its 16th epoch and
///   40.8% test accuracy; `uncalibrated` had it at 2.251 and 29.4% after 12 epochs.
/// - `backgroundTint` shortens it too but makes the 20-layer residual stack of the
///   degradation experiment (no batch norm, lr 0.01) unstable: training loss 2.275 after 5
///   epochs at tint 0.5 against 0.368 at 0. Hence 0. The plain stacks: 1.774 (2 layers),
///   2.303 (8 layers).
/// - Lesson 4's default run (`lessons run 4`) on `calibrated`: `CIFAR10Net` 38.8% test
///   accuracy after 512 steps (its loss still 2.300 at the ResNet's 64th), the ResNet 92.1%;
///   plain stacks 1.745 / 2.302 / 2.301 at 2 / 8 / 20 layers, residual 0.644 / 0.382 / 0.393.
///   Before (`uncalibrated`, `CIFAR10Net` given 64 steps): 7.9% against 85.5%.
/// The harness figures above were measured with
///
///     LESSONS_CALIBRATE=1 LESSONS_THREADS=1 LESSONS_CALIBRATE_EPOCHS=16 \
///         swift test --filter EngineTests.SyntheticCIFARCalibration
struct SyntheticCIFARDifficulty: Equatable, Sendable {
    /// Probability that an image is drawn in a random class's colour instead of its own
    /// (the random class may be its own). 0: colour alone gives the class away.
    var colourConfusion: Float
    /// Largest change, in 0...255 units, of each channel of the drawn colour.
    var colourJitter: Float
    /// How far the background is pulled from a random muted colour towards a darker shade of
    /// the drawn colour (0: not at all, 1: entirely, the shape still visible on it). A
    /// large-area colour cue: the first thing a barely trained network picks up.
    var backgroundTint: Float
    /// Per-pixel noise, uniform in ±noise/2 (0...255 units), the same on the three channels.
    var noise: Float
    /// Largest shift, in pixels, of a shape's centre from the image centre (and of the
    /// phase of the striped and chequered textures, through their own random phase).
    var positionJitter: Float
    /// Largest rotation of a shape, in radians.
    var rotationJitter: Float
    /// The range of a shape's half-size, in pixels.
    var size: ClosedRange<Float>

    init(colourConfusion: Float, colourJitter: Float, backgroundTint: Float, noise: Float,
         positionJitter: Float, rotationJitter: Float, size: ClosedRange<Float>) {
        precondition((0...1).contains(colourConfusion) && (0...1).contains(backgroundTint),
                     "colourConfusion and backgroundTint are fractions in 0...1")
        precondition(colourJitter >= 0 && noise >= 0 && positionJitter >= 0 && rotationJitter >= 0 && size.lowerBound > 0,
                     "jitters, noise and sizes are not negative")
        self.colourConfusion = colourConfusion
        self.colourJitter = colourJitter
        self.backgroundTint = backgroundTint
        self.noise = noise
        self.positionJitter = positionJitter
        self.rotationJitter = rotationJitter
        self.size = size
    }

    /// The generator before calibration (synthetic-v2), on which `CIFAR10Net` sat at chance.
    static let uncalibrated = SyntheticCIFARDifficulty(
        colourConfusion: 0.2, colourJitter: 45, backgroundTint: 0, noise: 40,
        positionJitter: 5, rotationJitter: 0.35, size: 7...12)

    /// The default written by the data catalog.
    static let calibrated = SyntheticCIFARDifficulty(
        colourConfusion: 0.1, colourJitter: 20, backgroundTint: 0, noise: 20,
        positionJitter: 5, rotationJitter: 0.35, size: 7...12)
}
