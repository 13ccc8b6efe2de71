import LessonRuntime
import XCTest
@testable import Notebook

/// Renders a small but complete report (five lessons: ok with figures, a runtime failure, a
/// compile error, never run, from cache) through the public API.
///
/// `make test-browser` runs this test with `REPORT_FIXTURE_OUTPUT=<folder>` so the report stays
/// there for headless Chromium to load; without it the report goes to a temporary folder.
final class ReportBrowserFixtureTests: XCTestCase {
    func testWriteBrowserFixture() throws {
        let keep = ProcessInfo.processInfo.environment["REPORT_FIXTURE_OUTPUT"].map { URL(fileURLWithPath: $0) }
        let work = try ReportFixture.tempDir()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = keep ?? work.appendingPathComponent("output")
        try Self.writeReport(to: output, work: work)

        for lesson in Self.lessons() {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(lesson.slug)/index.html").path))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("01-tensors-and-data/figures/loss.png").path))
    }

    /// The whole fixture report (lesson pages, index, grade page) in `output`; `work` holds the
    /// figures the runs name.
    static func writeReport(to output: URL, work: URL) throws {
        let artifacts = work.appendingPathComponent("artifacts")
        try FileManager.default.createDirectory(at: artifacts.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data(Self.lossCurve()).write(to: artifacts.appendingPathComponent("figures/loss.png"))
        try Data(ReportFixture.png(width: 480, height: 300)).write(to: artifacts.appendingPathComponent("figures/gradient.png"))

        let lessons = Self.lessons()
        let runs = Self.runs()
        for (k, lesson) in lessons.enumerated() {
            guard let run = runs[k] else { continue }
            try Report.writeLessonPage(lesson: lesson, run: run, artifacts: artifacts,
                                       previous: k > 0 ? lessons[k - 1] : nil,
                                       next: k + 1 < lessons.count ? lessons[k + 1] : nil, output: output)
        }
        try Report.writeIndex(entries: Array(zip(lessons, runs)).map { ($0, $1) }, output: output)
        try Self.writeGradePage(output: output, date: Date(timeIntervalSince1970: 1_746_003_600))
    }

    /// The gradebook page of an exercise lesson: a table wider than a phone (it scrolls inside
    /// its own box), students who passed, failed and did not hand in.
    static func writeGradePage(output: URL, date: Date) throws {
        let checks = ["tensor-shapes", "broadcasting-rules", "matmul-by-hand", "softmax-stability", "cross-entropy", "gradient-check"]
        let lesson = GradedLesson(slug: "10-exercises", title: "Exercises", checks: checks.map { ($0, 2) })
        func grade(_ student: String, _ points: [Double], status: SubmissionGrade.Status = .ok) -> SubmissionGrade {
            let steps = zip(checks, points).enumerated().map { k, pair in
                StepGrade(step: "step-\(k + 1)", check: pair.0, points: pair.1, maxPoints: 2,
                          checks: [CheckResult(check: pair.0, passed: pair.1 == 2, message: pair.1 == 2 ? "as expected" : "wrong shape", points: pair.1, maxPoints: 2)],
                          shortfall: nil)
            }
            return SubmissionGrade(student: student, path: nil, status: status, grade: LessonGrade(steps: steps), notes: [], duration: 1)
        }
        let store = try GradeStore(output: output)
        try store.record(lesson: lesson, grades: [grade("alice", [2, 2, 2, 2, 2, 2]), grade("bob", [2, 1, 2, 0, 2, 1], status: .checksFailed),
                                                  grade("chandrasekhar.venkataraman", [2, 2, 1, 2, 2, 2]), grade("dana", [0, 0, 0, 0, 0, 0], status: .missing)],
                         gradedAt: date, sandboxed: true)
        _ = try GradeReport.write(lesson: lesson, current: try store.current(lesson: lesson.slug), output: output, date: date)
    }

    /// A 2x loss curve: white background, light grid, axes, a falling blue line.
    static func lossCurve() -> [UInt8] {
        let w = 1200, h = 700
        let curve = (0..<w).map { x -> Int in
            let t = Double(x - 100) / Double(w - 160)
            let loss = 0.25 + 2.0 * exp(-4.5 * t) + 0.04 * sin(t * 40)
            return h - 80 - Int(loss / 2.4 * Double(h - 140))
        }
        return ReportFixture.png(width: w, height: h) { x, y in
            if x >= 100 && x < w - 60 && y >= 60 && y < h - 80 {
                if abs(y - curve[x]) <= 3 { return (31, 119, 180) }
                if (x - 100) % 110 == 0 || (y - 60) % 90 == 0 { return (232, 232, 232) }
                return (255, 255, 255)
            }
            if (x >= 96 && x < 100 && y >= 60 && y < h - 76) || (y >= h - 80 && y < h - 76 && x >= 96 && x < w - 60) {
                return (60, 60, 60)
            }
            return (255, 255, 255)
        }
    }

    static func lessons() -> [Lesson] {
        var load = StepOptions(); load.id = "load"
        var model = StepOptions(); model.id = "model"
        var train = StepOptions(); train.id = "train"
        var setup = StepOptions(); setup.echo = false
        var exercise = StepOptions(); exercise.id = "exercise"; exercise.exercise = true; exercise.check = "shape"; exercise.points = 2
        var broken = StepOptions(); broken.expectError = true; broken.id = "broken-on-purpose"
        let params = [LessonParam(name: "epochs", value: .int(1), line: 3), LessonParam(name: "batchSize", value: .int(128), line: 4),
                      LessonParam(name: "lr", value: .float(0.001), line: 5), LessonParam(name: "trainLimit", value: .int(10000), line: 6)]
        func lesson(_ slug: String, _ title: String, _ blocks: [LessonBlock]) -> Lesson {
            Lesson(path: "lessons/\(slug).md", slug: slug, title: title, params: params, data: ["mnist"], blocks: blocks)
        }
        let intro = """
        # Tensors and data

        A **tensor** is an n-dimensional array of `Float` values with a *shape*. Everything a network
        computes is built from a handful of tensor operations, each of which knows its gradient.

        ## Shapes

        | tensor | shape | meaning |
        | --- | --- | --- |
        | image batch | `[N, C, H, W]` | batch, channels, height, width |
        | logits | `[N, 10]` | one score per class |

        > Views share storage: `x.view(-1)` copies nothing.

        """
        return [
            lesson("01-tensors-and-data", "Tensors and data", [
                .prose(markdown: intro, line: 8),
                .step(Step(index: 0, code: """
                import Engine

                manualSeed(1234)
                let x = Tensor.randn([2, 3])   // a 2×3 matrix
                print(x)
                print("shape:", x.shape, "mean: \\(x.mean().item)")
                """, line: 26, options: load)),
                .step(Step(index: 1, code: "let hidden = 42\n", line: 36, options: setup)),
                .prose(markdown: "## Training a linear model\n\nWe fit `y = 2x + 1` with SGD and plot the loss.\n", line: 40),
                .step(Step(index: 2, code: """
                /* The model: one weight and one bias.
                   /* nested comments are fine */ */
                let model = Linear(1, 1)
                let opt = SGD(model.parameters, lr: Float(lr), momentum: 0.9)
                for epoch in 1...epochs * 20 {
                    let loss = mseLoss(model(xs), ys)
                    opt.zeroGrad(); loss.backward(); opt.step()
                    if epoch % 5 == 0 { print("epoch \\(epoch): loss \\(String(format: "%.4f", loss.item))") }
                }
                let figure = Figure(title: "Training loss")
                figure.line(losses, label: "loss")
                figure.show()
                """, line: 46, options: train)),
                .step(Step(index: 3, code: "let t = Tensor.zeros([3, 4])\ncheck(\"shape\", t.shape == [3, 4], points: 2)\n", line: 62, options: exercise)),
            ]),
            lesson("02-mnist-mlp", "An MLP on MNIST", [
                .prose(markdown: "# An MLP on MNIST\n\nTwo linear layers and a ReLU reach about 97% on MNIST. Here we train on a subset.\n\n## Data\n", line: 8),
                .step(Step(index: 0, code: "let train = try MNIST(split: .train, limit: trainLimit)\nprint(\"train images:\", train.count)\n", line: 16, options: load)),
                .prose(markdown: "## The model\n\nThe `Sequential` container runs its layers in order.\n", line: 20),
                .step(Step(index: 1, code: "let model = Sequential(Flatten(), Linear(784, 128), ReLU(), Linear(128, 10))\nprint(model)\n", line: 26, options: model)),
                .step(Step(index: 2, code: "for epoch in 1...epochs {\n    for (i, (x, y)) in loader.enumerated() {\n        let loss = crossEntropy(model(x), y)\n        opt.zeroGrad(); loss.backward(); opt.step()\n    }\n    let batch = Array(loader)[999]   // out of range\n}\n", line: 32, options: train)),
                .prose(markdown: "## Evaluating\n\nAccuracy on the test set:\n", line: 42),
                .step(Step(index: 3, code: "print(\"test accuracy:\", accuracy(model, test))\n", line: 46, options: StepOptions())),
            ]),
            lesson("03-convolutions", "Convolutions", [
                .prose(markdown: "# Convolutions\n\nA convolution slides a small kernel over the image.\n", line: 8),
                .step(Step(index: 0, code: "let conv = Conv2d(1, 8, kernelSize: 3, padding: 1)\nlet y = conv(images)\nprint(y.shape)\n", line: 14, options: StepOptions())),
                .step(Step(index: 1, code: "let z = y.reshape(-1, 8 * 28 * 28)\nprint(z.shap)\n", line: 20, options: StepOptions())),
                .step(Step(index: 2, code: "let bad: Int = \"not an int\"\n", line: 26, options: broken)),
            ]),
            lesson("04-resnet-cifar10", "ResNet on CIFAR-10", [
                .prose(markdown: "# ResNet on CIFAR-10\n\nResidual blocks let deep networks train.\n", line: 8),
                .step(Step(index: 0, code: "let model = ResNet(layers: [2, 2, 2])\nprint(\"parameters:\", model.parameterCount)\n", line: 14, options: model)),
            ]),
            lesson("05-residual-vs-skip", "Residual vs. plain networks", [
                .prose(markdown: "# Residual vs. plain\n\nWe compare a 20-layer plain network with its residual twin.\n", line: 8),
                .step(Step(index: 0, code: "let results = compare(plain: 20, residual: 20, epochs: epochs)\nprint(results)\n", line: 14, options: StepOptions())),
            ]),
        ]
    }

    static func runs() -> [LessonRun?] {
        let date = Date(timeIntervalSince1970: 1_746_003_600)
        func params(_ epochs: String) -> [RunParam] {
            [RunParam(name: "epochs", value: epochs, overridden: epochs != "1"), RunParam(name: "batchSize", value: "128", overridden: false),
             RunParam(name: "lr", value: "0.001", overridden: false), RunParam(name: "trainLimit", value: "10000", overridden: false)]
        }
        let tensor = "Tensor([2, 3]):\n[[ 0.4121, -1.2030,  0.0917],\n [ 1.5530,  0.3316, -0.7702]]\nshape: [2, 3] mean: 0.0692\n"
        let trainOut = (1...4).map { "epoch \($0 * 5): loss \(String(format: "%.4f", 2.0 * exp(-Double($0)) + 0.25))" }.joined(separator: "\n")
        var long = "\u{1B}[1mtraining on 10000 images\u{1B}[0m\n"
        for e in 1...3 {
            long += (1...10).map { "epoch \(e) [\(String(repeating: "#", count: $0))\(String(repeating: ".", count: 10 - $0))] \($0 * 10)%" }.joined(separator: "\r") + "\n"
            for b in stride(from: 10, through: 780, by: 10) { long += "  epoch \(e) batch \(b)/78x: loss \(String(format: "%.4f", 2.3 * exp(-Double(b + e * 780) / 900)))\n" }
        }
        return [
            LessonRun(slug: "01-tensors-and-data", title: "Tensors and data", status: .ok, startedAt: date, duration: 3.42,
                      params: params("1"), dataSources: [DataSourceRecord(description: "MNIST: data/ (70,000 images)", kind: .folder)], engineVersion: "engine 0.1.0 (release, OpenBLAS 0.3.21)",
                      metrics: [HeadlineValue(name: "final loss", value: "0.2513")], compileErrors: [],
                      steps: [StepResult(index: 0, name: "load", status: .ok, output: tensor, figures: [], duration: 0.004, error: nil, checks: []),
                              StepResult(index: 1, name: "step-2", status: .ok, output: "", figures: [], duration: 0.0, error: nil, checks: []),
                              StepResult(index: 2, name: "train", status: .ok, output: trainOut, figures: ["figures/loss.png", "figures/gradient.png"], duration: 1.27, error: nil, checks: []),
                              StepResult(index: 3, name: "exercise", status: .ok, output: "", figures: [], duration: 0.001, error: nil,
                                         checks: [CheckResult(check: "shape", passed: true, message: "t has shape [3, 4]", points: 2, maxPoints: 2)])],
                      fromCache: false),
            LessonRun(slug: "02-mnist-mlp", title: "An MLP on MNIST", status: .failed, startedAt: date.addingTimeInterval(60), duration: 184.6,
                      params: params("3"), dataSources: [DataSourceRecord(description: "MNIST not found: ran on a synthetic stand-in (10,000 images)", kind: .synthetic)], engineVersion: "engine 0.1.0 (release, OpenBLAS 0.3.21)",
                      metrics: [HeadlineValue(name: "final loss", value: "0.412")], compileErrors: [],
                      steps: [StepResult(index: 0, name: "load", status: .ok, output: "train images: 10000\n", figures: [], duration: 0.8, error: nil, checks: []),
                              StepResult(index: 1, name: "model", status: .ok, output: "Sequential(\n  (0): Flatten()\n  (1): Linear(in: 784, out: 128)\n  (2): ReLU()\n  (3): Linear(in: 128, out: 10)\n)\n", figures: [], duration: 0.002, error: nil, checks: []),
                              StepResult(index: 2, name: "train", status: .failed, output: long, figures: [], duration: 181.9,
                                         error: Diagnostic(file: "lessons/02-mnist-mlp.md", line: 37, column: 30, message: "Fatal error: Index out of range",
                                                           detail: "Fatal error: Index out of range\n\n💣 Program crashed: System trap at 0x00005555\n\nThread 0 crashed:\n0  main + 508 in prog at lessons/02-mnist-mlp.md:37:30"),
                                         checks: []),
                              StepResult(index: 3, name: "step-4", status: .notRun, output: "", figures: [], duration: 0, error: nil, checks: [])],
                      fromCache: false),
            LessonRun(slug: "03-convolutions", title: "Convolutions", status: .failed, startedAt: date.addingTimeInterval(300), duration: 0.61,
                      params: params("1"), dataSources: [DataSourceRecord(description: "MNIST: data/ (70,000 images)", kind: .folder)], engineVersion: "engine 0.1.0 (release, OpenBLAS 0.3.21)",
                      metrics: [], compileErrors: [Diagnostic(file: "lessons/03-convolutions.md", line: 21, column: 9, message: "error: value of type 'Tensor' has no member 'shap'",
                                                            detail: "lessons/03-convolutions.md:21:9: error: value of type 'Tensor' has no member 'shap'\nprint(z.shap)\n      ~ ^~~~\nlessons/03-convolutions.md:21:9: note: did you mean 'shape'?")],
                      steps: [], fromCache: false),
            nil,
            LessonRun(slug: "05-residual-vs-skip", title: "Residual vs. plain networks", status: .ok, startedAt: date.addingTimeInterval(-86_400), duration: 912,
                      params: params("1"), dataSources: [DataSourceRecord(description: "CIFAR-10: data/cifar-10-batches-bin (60,000 images)", kind: .folder)], engineVersion: "engine 0.1.0 (release, OpenBLAS 0.3.21)",
                      metrics: [HeadlineValue(name: "plain test accuracy", value: "0.612"), HeadlineValue(name: "residual test accuracy", value: "0.684"),
                                // Longer than a phone's column: the chip must wrap, not push the page sideways.
                                HeadlineValue(name: "residual test accuracy, last five epochs averaged", value: "0.6841 ± 0.0123 over 5 seeds")],
                      compileErrors: [],
                      steps: [StepResult(index: 0, name: "step-1", status: .ok, output: "plain: 61.2%  residual: 68.4%\n", figures: [], duration: 905, error: nil, checks: [])],
                      fromCache: true),
        ]
    }
}
