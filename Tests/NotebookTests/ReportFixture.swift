import Foundation
import LessonRuntime
@testable import Notebook

/// A small lesson and its run, covering what the report must show: prose with a table and raw
/// HTML, steps with figures, hidden code, long and hostile output, a crash, checks, params set on
/// the command line and a synthetic data source.
enum ReportFixture {
    static let lessonPath = "lessons/02-fixture-mlp.md"

    static func lesson(slug: String = "02-fixture-mlp", title: String = "A tiny MLP on <fixture> data") -> Lesson {
        var hidden = StepOptions()
        hidden.echo = false
        var train = StepOptions()
        train.id = "train"
        var check = StepOptions()
        check.id = "grade"
        check.check = "accuracy"
        check.points = 3
        check.exercise = true
        var plot = StepOptions()
        plot.id = "plot"
        return Lesson(
            path: "lessons/\(slug).md", slug: slug, title: title,
            params: [LessonParam(name: "epochs", value: .int(1), line: 4),
                     LessonParam(name: "lr", value: .float(0.001), line: 5),
                     LessonParam(name: "note", value: .string("<b>hi</b>"), line: 6)],
            data: ["mnist"],
            blocks: [
                .prose(markdown: """
                # Training a tiny MLP

                Some *prose* with a [link to the index](../index.html) and raw HTML: <script>alert(1)</script>.

                ## The data

                | split | images |
                | --- | ---: |
                | train | 60,000 |
                | test | 10,000 |

                ~~old~~ new, see https://example.org/mnist, then [the next lesson](03-third.md#start).
                A remote picture ![a cat](https://example.org/cat.png) and a missing one ![x](nowhere/x.png).

                """, line: 8),
                .step(Step(index: 0, code: "import Engine\nlet x = Tensor.randn([2, 3])  // \"not a string\"\nprint(\"<script>alert('x')</script>\")\n", line: 22, options: StepOptions())),
                .step(Step(index: 1, code: "let secret = 42\n", line: 28, options: hidden)),
                .prose(markdown: "## Training\n\nNow we train.\n", line: 31),
                .step(Step(index: 2, code: "for epoch in 1...epochs {\n    print(\"epoch \\(epoch)\")\n}\nlet y: [Int] = []\nprint(y[3])\n", line: 36, options: train)),
                .step(Step(index: 3, code: "figure.show()\n", line: 45, options: plot)),
                .step(Step(index: 4, code: "check(\"accuracy\", acc > 0.9, points: 3)\n", line: 50, options: check)),
            ])
    }

    /// Output with ANSI colours, a progress bar redrawn with `\r`, and 200 lines.
    static let longOutput: String = {
        var s = "\u{1B}[32mstarting\u{1B}[0m\n"
        s += "progress 10%\rprogress 50%\rprogress 100%\n"
        for i in 1...200 { s += "epoch \(i) loss \(1.0 / Double(i))\n" }
        return s
    }()

    static func run(slug: String = "02-fixture-mlp", status: RunStatus = .failed, fromCache: Bool = false) -> LessonRun {
        LessonRun(
            slug: slug, title: "A tiny MLP", status: status,
            startedAt: Date(timeIntervalSince1970: 1_746_000_000), duration: 75.4,
            params: [RunParam(name: "epochs", value: "3", overridden: true),
                     RunParam(name: "lr", value: "0.001", overridden: false),
                     RunParam(name: "note", value: "<b>hi</b>", overridden: false)],
            dataSources: [DataSourceRecord(description: "MNIST not found: ran on a synthetic stand-in (1,000 images)", kind: .synthetic)],
            engineVersion: "engine 0.1.0 (debug)",
            metrics: [HeadlineValue(name: "final loss", value: "0.231"), HeadlineValue(name: "test accuracy", value: "<91%>")],
            compileErrors: [],
            steps: [
                StepResult(index: 0, name: "step-1", status: .ok, output: "<script>alert('x')</script>\n",
                           figures: ["figures/step-1-1.png"], duration: 0.012, error: nil, checks: []),
                StepResult(index: 1, name: "step-2", status: .ok, output: "", figures: [], duration: 0.001, error: nil, checks: []),
                StepResult(index: 2, name: "train", status: .failed, output: longOutput, figures: [], duration: 70.2,
                           error: Diagnostic(file: lessonPath, line: 40, column: 7, message: "Fatal error: Index out of range",
                                             detail: "Fatal error: Index out of range\n0  main + 508 in prog at lessons/02-fixture-mlp.md:40:7"),
                           checks: []),
                StepResult(index: 3, name: "plot", status: .notRun, output: "", figures: [], duration: 0, error: nil, checks: []),
                StepResult(index: 4, name: "grade", status: .notRun, output: "", figures: [], duration: 0, error: nil,
                           checks: [CheckResult(check: "accuracy", passed: false, message: "0.42 < 0.9", points: 1, maxPoints: 3)]),
            ],
            fromCache: fromCache)
    }

    /// A folder of artifacts holding the figures the run names.
    static func artifacts(in dir: URL) throws -> URL {
        let a = dir.appendingPathComponent("artifacts")
        try FileManager.default.createDirectory(at: a.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data(png(width: 320, height: 200)).write(to: a.appendingPathComponent("figures/step-1-1.png"))
        return a
    }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A valid RGB PNG (a gradient), encoded with stored (uncompressed) deflate blocks so the
    /// tests need no zlib.
    static func png(width: Int, height: Int) -> [UInt8] {
        png(width: width, height: height) { x, y in
            (UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)), 160)
        }
    }

    /// A valid RGB PNG whose pixels `pixel(x, y)` gives.
    static func png(width: Int, height: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (3 * width + 1))
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                raw += [r, g, b]
            }
        }
        var z: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65535, raw.count - offset)
            let final: UInt8 = offset + n == raw.count ? 1 : 0
            z += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            z += raw[offset..<offset + n]
            offset += n
        } while offset < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        z += be32(b << 16 | a)

        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let body = Array(type.utf8) + data
            out += be32(UInt32(data.count)) + body + be32(crc32(body))
        }
        chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", z)
        chunk("IEND", [])
        return out
    }

    private static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    /// Every `src="…"` and `href="…"` in a page, as (attribute, value) with `&amp;` unescaped.
    static func references(in html: String) -> [(attribute: String, value: String)] {
        ["src", "href"].flatMap { attr in
            attributeValues(attr, in: html).map { (attr, $0.replacingOccurrences(of: "&amp;", with: "&")) }
        }
    }
}

extension ReportFixture {
    /// Every value of the attribute `name` in a page.
    static func attributeValues(_ name: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = html[...]
        let needle = " \(name)=\""
        while let r = rest.range(of: needle) {
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return values
    }
}
