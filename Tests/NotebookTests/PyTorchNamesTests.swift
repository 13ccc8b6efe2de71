import XCTest
@testable import Notebook

/// Compile errors that translate PyTorch: when a lesson uses a PyTorch name we spell
/// differently, the error gets a note with our spelling, at the error's Markdown line; names
/// the table does not map get no note.
final class PyTorchNamesTests: XCTestCase {
    func testNotesForTheCompilerMessagesThatNameAMissingIdentifier() {
        XCTAssertEqual(PyTorchNames.note(forCompilerMessage: "cannot find 'randn_like' in scope"),
                       "PyTorch's randn_like is randnLike(x) here")
        XCTAssertEqual(PyTorchNames.note(forCompilerMessage: "value of type 'Tensor' has no member 'numpy'"),
                       "PyTorch's x.numpy() is x.scalars here")
        XCTAssertEqual(PyTorchNames.note(forCompilerMessage: "value of type 'Tensor' has no member 'long'"),
                       "PyTorch's x.long() is x here: labels are Float32")
        XCTAssertEqual(PyTorchNames.note(forCompilerMessage: "type 'F' has no member 'mse_loss'"),
                       "PyTorch's F.mse_loss is F.mseLoss(input, target) here")
        XCTAssertEqual(PyTorchNames.note(forCompilerMessage: "cannot find 'iter' in scope"),
                       "Python's next(iter(loader)) is loader.first() here")
        // No mapping, no note: an unknown name, a mapped name used the other way, other errors.
        XCTAssertNil(PyTorchNames.note(forCompilerMessage: "cannot find 'frobnicate' in scope"))
        XCTAssertNil(PyTorchNames.note(forCompilerMessage: "value of type 'Tensor' has no member 'randn_like'"))
        XCTAssertNil(PyTorchNames.note(forCompilerMessage: "cannot find 'numpy' in scope"))
        XCTAssertNil(PyTorchNames.note(forCompilerMessage: "cannot convert value of type 'Int' to specified type 'String'"))
    }

    func testTheTableHasOneEntryPerNameAndUse() {
        let keys = PyTorchNames.entries.map { "\($0.name) \($0.use)" }
        XCTAssertEqual(Set(keys).count, keys.count, "duplicate entries")
        XCTAssertEqual(Set(PyTorchNames.entries.map(\.name)).count, PyTorchNames.entries.count, "a name appears twice")
    }

    func testCompilerDiagnosticsCarryTheNote() {
        let output = """
        lessons/06-fit.md:12:13: error: cannot find 'randn_like' in scope
        lessons/06-fit.md:14:9: error: cannot find 'frobnicate' in scope
        """
        let errors = CompilerDiagnostics.errors(in: output, lessonPath: "lessons/06-fit.md", generatedFile: "main.swift")
        XCTAssertEqual(errors.map(\.noteLine), ["lessons/06-fit.md:12: note: PyTorch's randn_like is randnLike(x) here", nil])
    }

    /// The example: a lesson using `randn_like` fails to compile, and the note points
    /// at the Markdown line of the call; `x.numpy()` gets its own, `x.frobnicate()` none.
    func testALessonUsingRandnLikeFailsWithTheNoteAtItsMarkdownLine() throws {
        let name = "12-pytorch-names.md"
        let fixtures = try FixtureProject([name])
        final class Errors: RunObserver {
            var diagnostics: [Diagnostic] = []
            func compileFailed(_ lesson: Lesson, errors: [Diagnostic]) { diagnostics = errors }
        }
        let observer = Errors()
        let outcome = try fixtures.run(name, observer: observer)
        // The steps before the broken one still run (issue 13); the error sits at its step.
        let path = try fixtures.lesson(name).path
        let randnLine = try FixtureProject.line(containing: "RANDN_LIKE HERE", in: name)
        let error = try XCTUnwrap(outcome.run.compileError)
        XCTAssertEqual(error.line, randnLine)
        XCTAssertEqual(error.noteLine, "\(path):\(randnLine): note: PyTorch's randn_like is randnLike(x) here")

        let byLine = Dictionary(observer.diagnostics.compactMap { d in d.line.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        let numpyLine = try FixtureProject.line(containing: "NUMPY HERE", in: name)
        XCTAssertEqual(byLine[numpyLine]?.note, "PyTorch's x.numpy() is x.scalars here")
        let unmapped = try XCTUnwrap(byLine[try FixtureProject.line(containing: "NO MAPPING HERE", in: name)])
        XCTAssertNil(unmapped.note, "no note without a mapping: \(unmapped.message)")
    }
}
