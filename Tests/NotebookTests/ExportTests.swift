import XCTest
@testable import Notebook

/// `lessons export --to ipynb`: a notebook nbformat (PyPI) validates against its JSON schema,
/// with the prose, the code, the outputs and the figures of the run.
final class ExportTests: XCTestCase {
    func testTheNotebookIsValidNbformat4WithOutputsAndFigures() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import nbformat"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        if check.terminationStatus != 0 {
            throw XCTSkip("python3 cannot import nbformat (scripts/install-deps.sh pip-installs it): the notebook is not validated")
        }

        let fixtures = try FixtureProject(["01-shared-state.md"])
        XCTAssertEqual(try LessonsTool.run(["run", "1"], in: fixtures.root).status, 0)
        let export = try LessonsTool.run(["export", "shared", "--to", "ipynb"], in: fixtures.root)
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("output/notebooks/01-shared-state.ipynb (outputs of the ok run"), export.stdout)
        let file = fixtures.root.appendingPathComponent("output/notebooks/01-shared-state.ipynb")

        let validate = Process()
        validate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validate.arguments = ["python3", "-c", """
            import sys, nbformat
            nb = nbformat.read(sys.argv[1], as_version=4)
            nbformat.validate(nb)
            code = [c for c in nb.cells if c.cell_type == "code"]
            print(len(code), sum(1 for c in nb.cells if c.cell_type == "markdown"))
            print(sum(1 for c in code for o in c.outputs if o.output_type == "display_data" and "image/png" in o.data))
            print("".join(o.text for c in code for o in c.outputs if o.output_type == "stream"))
            """, file.path]
        let out = Pipe()
        validate.standardOutput = out
        try validate.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validate.waitUntilExit()
        XCTAssertEqual(validate.terminationStatus, 0, "nbformat rejects the notebook")
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.first, "3 3", text)
        XCTAssertEqual(lines.dropFirst().first, "1", "the figure is embedded")
        XCTAssertTrue(text.contains("Point(x: 2, y: 2)"), text)
    }
}
