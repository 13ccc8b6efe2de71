import Foundation

/// A lesson and its run as a Jupyter notebook (nbformat 4.5): a Markdown cell per prose block,
/// a code cell per step with its Swift source, its output as a `stream` and each figure as an
/// embedded `image/png` `display_data`, and the step's error as an `error` output. The kernel
/// is named `swift` for readers; the notebook is for reading (JupyterLab, nbviewer), not re-running.
public enum NotebookExport {
    /// The notebook's JSON; figures are read from `artifacts` (a missing one is left out).
    public static func ipynb(lesson: Lesson, run: LessonRun?, artifacts: URL?) throws -> Data {
        var cells: [[String: Any]] = []
        var counter = 0
        for (k, block) in lesson.blocks.enumerated() {
            switch block {
            case .prose(let markdown, _):
                cells.append(["cell_type": "markdown", "id": "md-\(k)", "metadata": [String: Any](), "source": lines(InlineValues.substitutePlain(markdown, metrics: run?.metrics))])
            case .step(let step):
                let result = run?.steps.first { $0.index == step.index }
                var outputs: [[String: Any]] = []
                let ran = result.map { $0.status != .notRun } ?? false
                if ran { counter += 1 }
                if let result, !result.output.isEmpty {
                    outputs.append(["output_type": "stream", "name": "stdout", "text": lines(CapturedOutput.stripANSI(result.output))])
                }
                for figure in result?.figures ?? [] {
                    guard let artifacts, let png = try? Data(contentsOf: artifacts.appendingPathComponent(figure)) else { continue }
                    outputs.append(["output_type": "display_data", "metadata": [String: Any](),
                                    "data": ["image/png": png.base64EncodedString(), "text/plain": [figure]]])
                }
                if let result, let error = result.error, result.status != .failedAsExpected {
                    outputs.append(["output_type": "error", "ename": result.status.rawValue,
                                    "evalue": "\(error.location): \(error.message)", "traceback": [String]()])
                }
                var metadata: [String: Any] = ["lessons": ["step": step.name, "line": step.line, "status": result?.status.rawValue ?? "not run"]]
                if !step.options.echo { metadata["jupyter"] = ["source_hidden": true] }
                cells.append(["cell_type": "code", "id": "step-\(step.index + 1)", "metadata": metadata,
                              "execution_count": ran ? counter as Any : NSNull(), "source": lines(step.code), "outputs": outputs])
            }
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "swift", "display_name": "Swift", "language": "swift"],
                         "language_info": ["name": "swift", "file_extension": ".swift"],
                         "title": lesson.title],
            "cells": cells,
        ]
        return try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// nbformat's multiline string: a list of lines, each keeping its `\n` but the last.
    static func lines(_ text: String) -> [String] {
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts.enumerated().map { $0.offset + 1 < parts.count ? $0.element + "\n" : $0.element }
    }
}
