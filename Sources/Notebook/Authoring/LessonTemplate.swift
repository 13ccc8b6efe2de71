import FileSystem
import Foundation

/// `lessons new`: a lesson file to start from, showing the format by example: front matter
/// with params, prose, steps with options, a plot, an exercise with its solution markers and a
/// check step with points. It runs as written, and its released copy fails its check.
public enum LessonTemplate {
    /// The new lesson's text.
    public static func text(title: String) -> String {
        let quoted = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
        ---
        title: "\(quoted)"
        params:            # typed defaults; `lessons run N --set epochs=5` overrides them
          epochs: 3
          lr: 0.1
        data: [none]       # datasets the lesson reads: mnist, mnist-3s-7s, fashion-mnist, cifar10
        ---
        # \(title)

        One or two sentences: what this lesson is about, and why it matters.

        ## In this lesson you will learn

        - how to make data with known answers;
        - how gradient descent finds them again.

        ## Data with a known answer

        Every ```` ```swift ```` block is a step. The steps run in order in one program and share
        their state, like notebook cells; the report shows each one's output, figures and time.
        `//|` lines at the top of a block set its options (`id` names it).

        ```swift
        //| id: data
        manualSeed(42)                                  // torch.manual_seed(42)
        let x = randn(100, 1)
        let y = 3 * x + 1 + randn(100, 1) * 0.1         // slope 3, intercept 1, a little noise
        print("x:", x.shape, " y:", y.shape)
        ```

        ## Exercise: fit a line

        Between `// BEGIN SOLUTION` and `// END SOLUTION` is the teacher's answer; `lessons release`
        replaces it with `// YOUR CODE HERE` in the students' copies.

        ```swift
        //| id: exercise-fit
        //| exercise: true
        func fit(_ x: Tensor, _ y: Tensor, epochs: Int, lr: Float) -> (w: Tensor, b: Tensor, losses: [Float]) {
            let w = zeros(1, 1).requiresGrad_(), b = zeros(1).requiresGrad_()
            var losses: [Float] = []
            // BEGIN SOLUTION
            for _ in 0..<(epochs * 20) {
                let loss = (x.matmul(w) + b - y).pow(2).mean()   // mean squared error
                loss.backward()
                noGrad { w -= w.grad! * lr; b -= b.grad! * lr }  // one step of gradient descent
                w.zeroGrad(); b.zeroGrad()
                losses.append(loss.item())
            }
            // END SOLUTION
            return (w, b, losses)
        }
        ```

        Train with it; `metric` puts a headline number on the index page.

        ```swift
        //| id: train
        let (w, b, losses) = fit(x, y, epochs: epochs, lr: lr)
        metric("final loss", losses.last ?? .nan)
        ```

        A `check` step grades the exercise: each `check(condition, message)` is a share of its
        points. It runs in a scope of its own (what it declares stays inside it), and `check`
        exists only there.

        ```swift
        //| id: check-fit
        //| check: fit
        //| points: 2
        check(abs(w.item() - 3) < 0.1, "the slope is close to 3 (got \\(w.item()))")
        check(abs(b.item() - 1) < 0.1, "the intercept is close to 1 (got \\(b.item()))")
        ```

        ```swift
        //| id: loss-curve
        Figure(title: "Training loss", width: 560, height: 320)
            .line(losses, label: "mean squared error")
            .xlabel("step").ylabel("loss")
            .show()
        ```

        ## Summary

        - What the reader should remember, in a line or two each.

        ## Exercises

        1. Try `--set lr=0.5` and `--set lr=0.001`: what happens to the loss curve?

        """
    }

    /// Writes the lesson into `lessonsDirectory` as `NN-slug.md`, NN one past the highest number
    /// there; refuses to overwrite. Returns the file.
    public static func write(title: String, into lessonsDirectory: URL) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: lessonsDirectory, withIntermediateDirectories: true)
        let numbers = (try fm.contentsOfDirectory(atPath: lessonsDirectory.path))
            .filter { $0.hasSuffix(".md") }
            .compactMap { Int($0.prefix { $0.isNumber }) }
        // Letters of any script stay (a file name is UTF-8); only punctuation becomes hyphens.
        let slug = HTML.slugify(title, fallback: "lesson", ascii: false)
        // A second lesson with the same title is almost always a mistake (the command was run twice).
        if let existing = try fm.contentsOfDirectory(atPath: lessonsDirectory.path).sorted()
            .first(where: { $0.hasSuffix(".md") && $0.drop(while: { $0.isNumber }).dropFirst() == "\(slug).md" }) {
            throw LessonError(file: displayPath(lessonsDirectory.appendingPathComponent(existing)), line: nil,
                              message: "a lesson titled `\(title)` exists already; not writing another")
        }
        let file = lessonsDirectory.appendingPathComponent(String(format: "%02d-%@.md", (numbers.max() ?? 0) + 1, slug))
        guard !fm.fileExists(atPath: file.path) else {
            throw LessonError(file: displayPath(file), line: nil, message: "already exists; not overwritten")
        }
        try AtomicFile.write(Data(text(title: title).utf8), to: file)
        return file
    }
}
