import FileSystem
import XCTest
@testable import Notebook

/// Step mode shows figures (path printed, file kept, inline on kitty/iTerm2), renders prose for
/// the terminal, and prints the lesson's metrics.
final class StepFiguresTests: XCTestCase {
    func testFiguresArePrintedAndKept() throws {
        let fixtures = try FixtureProject(["01-shared-state.md"])
        let lesson = try fixtures.lesson("01-shared-state.md")
        let work = fixtures.root.appendingPathComponent("output/scratch/step-01-shared-state")
        let transcript = fixtures.root.appendingPathComponent("transcript.txt")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        let handle = try FileHandle(forWritingTo: transcript)
        let through = StepThrough(lesson: lesson, output: TerminalOutput(fd: handle.fileDescriptor, isTerminal: false),
                                  figures: work.appendingPathComponent("artifacts"), readAnswer: { "" })
        let run = try fixtures.runner().stepThrough(lesson, params: try lesson.assigningParams([]), observer: through,
                                                    controller: through, stepWork: work)
        through.finish(run)
        handle.closeFile()
        let text = try String(contentsOf: transcript, encoding: .utf8)
        let figure = work.appendingPathComponent("artifacts/step-3/figure-1.png")
        XCTAssertTrue(text.contains("  figure: \(displayPath(figure))"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: figure.path), "the figure was deleted")
        XCTAssertTrue(text.contains("  final loss: 0.125"), text)
    }

    func testInlineImageProtocolsAreDetectedFromTheEnvironment() {
        XCTAssertEqual(InlineImage.detect(["TERM": "xterm-kitty"]), .kitty)
        XCTAssertEqual(InlineImage.detect(["TERM_PROGRAM": "iTerm.app"]), .iTerm2)
        XCTAssertNil(InlineImage.detect(["TERM": "xterm-256color"]))
        let png = Data(repeating: 7, count: 5000)
        let kitty = InlineImage.kitty.sequence(png: png, name: "f.png")
        XCTAssertTrue(kitty.hasPrefix("\u{1B}_Ga=T,f=100,m=1;"), kitty.prefix(30).debugDescription)
        XCTAssertEqual(kitty.components(separatedBy: "\u{1B}_G").count - 1, 2, "5000 bytes are 6668 base64 characters: two chunks")
        XCTAssertTrue(InlineImage.iTerm2.sequence(png: png, name: "f.png").hasPrefix("\u{1B}]1337;File=name="))
    }

    func testProseIsRenderedWithoutMarkdownMarkers() {
        let plain = TerminalMarkdown(styled: false)
        XCTAssertEqual(plain.render("Use **bold**, `code`, *this* and [a link](https://x.org)."),
                       "Use bold, code, this and a link (https://x.org).")
        XCTAssertEqual(plain.render("## Training"), "## Training")
        XCTAssertEqual(plain.render("snake_case_name stays"), "snake_case_name stays")
        let styled = TerminalMarkdown(styled: true)
        XCTAssertEqual(styled.render("**b** `c`"), "\u{1B}[1mb\u{1B}[0m \u{1B}[36mc\u{1B}[0m")
    }
}
