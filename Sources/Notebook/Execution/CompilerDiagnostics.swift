/// Reads swiftc's output into `Diagnostic`s. Thanks to `#sourceLocation`, errors in step code
/// already name the Markdown file and line; errors in the generated glue name `main.swift` and
/// are reported against the lesson without a line.
enum CompilerDiagnostics {
    /// The errors in `output` (warnings and notes are dropped), in order. Each error's `detail`
    /// is the compiler's whole output, for the report.
    static func errors(in rawOutput: String, lessonPath: String, generatedFile: String) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        // The reader's view: Markdown line numbers, the lesson's code only (the generated file
        // is still on disk while its errors are read).
        let output = CompilerExcerpt.clean(rawOutput, generatedSource: try? String(contentsOfFile: generatedFile, encoding: .utf8),
                                           generatedFile: generatedFile)
        for line in rawOutput.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let parsed = parse(line), parsed.severity == "error" else { continue }
            if let file = parsed.file, !isGenerated(file, generatedFile) {
                // A PyTorch name the lesson guessed gets a note with our spelling.
                errors.append(Diagnostic(file: file, line: parsed.line, column: parsed.column,
                                         message: parsed.message, detail: output,
                                         note: PyTorchNames.note(forCompilerMessage: parsed.message)))
            } else {
                let prefix = parsed.file == nil ? "" : "in the generated program: "
                errors.append(Diagnostic(file: lessonPath, line: nil, column: nil,
                                         message: prefix + parsed.message, detail: output))
            }
        }
        // The driver's own "emit-module command failed with exit code 1" says nothing the
        // errors before it do not.
        let real = errors.filter { !($0.line == nil && $0.message.contains("command failed with exit code")) }
        if !real.isEmpty { errors = real }
        if errors.isEmpty {
            let last = rawOutput.split(separator: "\n").last.map(String.init) ?? "the compiler failed"
            errors.append(Diagnostic(file: lessonPath, line: nil, column: nil, message: last, detail: output))
        }
        return errors
    }

    private struct Parsed {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var message: String
    }

    /// `file:line:col: severity: message`, or `severity: message` / `<unknown>:0: severity: …`.
    private static func parse(_ line: Substring) -> Parsed? {
        // "fatal error" (`ld.gold: fatal error: …: No space left on device`) is an error too.
        for label in ["fatal error", "error", "warning", "note"] {
            guard let range = line.range(of: ": \(label): ") ?? (line.hasPrefix("\(label): ") ? line.range(of: "\(label): ") : nil) else { continue }
            let severity = label == "fatal error" ? "error" : label
            let message = String(line[range.upperBound...])
            let location = line[..<range.lowerBound]
            if location.isEmpty || location.hasPrefix("<unknown>") {
                return Parsed(file: nil, severity: severity, message: message)
            }
            if !location.contains(" ") && !location.contains(":") {
                // A tool rather than a source file: `/usr/bin/ld.gold: error: cannot find -lLessonKit`.
                return Parsed(file: nil, severity: severity, message: "\(location.split(separator: "/").last ?? location): \(message)")
            }
            let parts = location.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let lineNumber = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
                // Snippet lines of the pretty diagnostic style (" 3 | ... `- error: ...") land here.
                return nil
            }
            let file = parts.dropLast(2).joined(separator: ":")
            return Parsed(file: file, line: lineNumber, column: column, severity: severity, message: message)
        }
        return nil
    }

    private static func isGenerated(_ file: String, _ generated: String) -> Bool {
        file == generated || file.hasSuffix("/main.swift") || file == "main.swift"
    }
}
