import XCTest
@testable import Notebook

/// The Swift tokenizer on code that trips simple highlighters.
final class ReportHighlighterTests: XCTestCase {
    typealias K = SwiftHighlighter.Kind

    private func tokens(_ code: String) -> [SwiftHighlighter.Token] {
        let t = SwiftHighlighter.tokenize(code)
        XCTAssertEqual(t.map(\.text).joined(), code, "tokens must reassemble the input")
        return t
    }

    private func kinds(_ code: String, of kind: K) -> [String] {
        tokens(code).filter { $0.kind == kind }.map(\.text)
    }

    func testKeywordsTypesNumbersAndNames() {
        let code = "let model: Sequential = Sequential(); var x = 0x1F + 1_000 + 3.5e-2 + y2"
        XCTAssertEqual(kinds(code, of: .keyword), ["let", "var"])
        XCTAssertEqual(kinds(code, of: .type), ["Sequential", "Sequential"])
        XCTAssertEqual(kinds(code, of: .number), ["0x1F", "1_000", "3.5e-2"])
        // `y2` is a name, not a name and a number; `$0` likewise.
        XCTAssertEqual(kinds("y2.map { $0 + 1 }", of: .number), ["1"])
    }

    func testFunctionNamesBeforeTheirParentheses() {
        let code = "func train(_ m: Module) { let y = relu(model.forward(x)); opt.step(); print (y) }"
        XCTAssertEqual(kinds(code, of: .function), ["train", "relu", "forward", "step"])
        XCTAssertEqual(kinds("Conv2d(3, 16, 3)", of: .function), [], "types stay types")
        XCTAssertEqual(kinds("if (a) {}", of: .function), [], "keywords stay keywords")
    }

    func testMemberNamedLikeAKeyword() {
        XCTAssertEqual(kinds("x.default + .init(1) + y.self + foo.in", of: .keyword), ["init", "self"])
        XCTAssertEqual(kinds("let `class` = 1", of: .keyword), ["let"])
    }

    func testNestedBlockCommentsAndLineComments() {
        let code = "a /* outer /* inner */ still comment */ b // tail \"quote\"\nlet c = 1"
        XCTAssertEqual(kinds(code, of: .comment), ["/* outer /* inner */ still comment */", "// tail \"quote\""])
        XCTAssertEqual(kinds(code, of: .keyword), ["let"])
    }

    func testStringsWithEscapesAndInterpolation() {
        let code = #"print("a \"quoted\" \(x.count + f("inner \(y)")) end") // c"#
        let t = tokens(code)
        XCTAssertEqual(t.filter { $0.kind == .string }.map(\.text),
                       [#""a \"quoted\" "#, #""inner "#, #"""#, #" end""#])
        XCTAssertEqual(t.filter { $0.kind == .interpolation }.map(\.text), [#"\("#, #"\("#, ")", ")"])
        XCTAssertEqual(t.last?.kind, .comment)
        // A `)` inside the interpolation's nested call does not close it early.
        XCTAssertEqual(kinds(#""\(f(g(1)))!""#, of: .number), ["1"])
    }

    func testMultilineAndRawStrings() {
        let code = "let s = \"\"\"\n  line \"one\"\n  \\(n) two\n  \"\"\"\nlet r = #\"raw \\(no) \"x\" \\#(yes)\"#\nvar z = 1"
        let t = tokens(code)
        XCTAssertEqual(t.filter { $0.kind == .keyword }.map(\.text), ["let", "let", "var"])
        XCTAssertTrue(t.contains { $0.kind == .string && $0.text.contains("line \"one\"") })
        XCTAssertEqual(t.filter { $0.kind == .interpolation }.map(\.text), ["\\(", ")", "\\#(", ")"])
        XCTAssertTrue(t.contains { $0.kind == .string && $0.text.contains("raw \\(no) \"x\" ") })
        XCTAssertEqual(kinds(code, of: .number), ["1"])
    }

    func testDirectivesAndAttributes() {
        let code = "#sourceLocation(file: \"lessons/x.md\", line: 10)\n@MainActor @discardableResult func f() {}\n#if DEBUG\n#endif"
        XCTAssertEqual(kinds(code, of: .directive), ["#sourceLocation", "#if", "#endif"])
        XCTAssertEqual(kinds(code, of: .attribute), ["@MainActor", "@discardableResult"])
        XCTAssertEqual(kinds(code, of: .type), ["DEBUG"])
    }

    func testUnterminatedStringStopsAtLineEnd() {
        let t = tokens("let s = \"oops\nlet t = 2")
        XCTAssertEqual(t.filter { $0.kind == .keyword }.map(\.text), ["let", "let"])
    }

    func testHTMLIsEscapedAndLinesNumbered() {
        let html = SwiftHighlighter.html("/* a\n<b> */ let s = \"<i>\"", firstLine: 41, markedLines: [42])
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertFalse(html.contains("<i>"))
        XCTAssertTrue(html.contains("&lt;b&gt;"))
        // The block comment is closed at the end of line 41 and reopened on line 42.
        XCTAssertEqual(html.components(separatedBy: "\n").count, 2)
        XCTAssertTrue(html.hasPrefix("<span class=\"line\" data-line=\"41\"><span class=\"tok-comment\">/* a</span></span>"))
        XCTAssertTrue(html.contains("<span class=\"line marked\" data-line=\"42\"><span class=\"tok-comment\">&lt;b&gt; */</span>"))
    }
}
