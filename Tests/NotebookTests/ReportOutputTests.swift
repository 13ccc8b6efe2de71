import XCTest
@testable import Notebook

/// Captured output: escape codes, progress lines, folding.
final class ReportOutputTests: XCTestCase {
    func testEscaping() {
        XCTAssertEqual(HTML.escape("<script>alert('x') & \"y\"</script>"),
                       "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        XCTAssertEqual(HTML.escape("nul\u{0}bell\u{7}ok\ttab"), "nul\u{FFFD}bell\u{FFFD}ok\ttab")
        XCTAssertEqual(HTML.escape("é ✓ 😀"), "é ✓ 😀")
    }

    func testANSIStripped() {
        XCTAssertEqual(CapturedOutput.stripANSI("\u{1B}[1;32mok\u{1B}[0m \u{1B}[2K\u{1B}]0;title\u{7}done\u{1B}(B"), "ok done")
        XCTAssertEqual(CapturedOutput.stripANSI("no escapes [1m"), "no escapes [1m")
    }

    func testCarriageReturnsCollapse() {
        XCTAssertEqual(CapturedOutput.collapseCarriageReturns("0%\r50%\r100%\nnext"), "100%\nnext")
        XCTAssertEqual(CapturedOutput.collapseCarriageReturns("loading...\rdone"), "doneing...")
        XCTAssertEqual(CapturedOutput.collapseCarriageReturns("windows\r\nline\r\n"), "windows\nline\n")
        XCTAssertEqual(CapturedOutput.collapseCarriageReturns("abc\u{8}\u{8}X"), "aXc")
        XCTAssertEqual(CapturedOutput.lines("a\r\nb\r\n\n"), ["a", "b"])
    }

    func testShortOutputIsNotFolded() {
        let html = CapturedOutput.html("one\ntwo\n")
        XCTAssertFalse(html.contains("<details"))
        XCTAssertTrue(html.contains(">one\ntwo</pre>"))
        XCTAssertEqual(CapturedOutput.html(""), "")
        XCTAssertEqual(CapturedOutput.html("\u{1B}[0m\n"), "")
    }

    func testLongOutputFoldsTheMiddle() {
        let raw = (1...200).map { "line \($0)" }.joined(separator: "\n")
        let html = CapturedOutput.html(raw)
        let head = html.range(of: "output-head")!, fold = html.range(of: "<details")!, tail = html.range(of: "output-tail")!
        XCTAssertTrue(head.lowerBound < fold.lowerBound && fold.lowerBound < tail.lowerBound)
        XCTAssertTrue(html.contains("<summary>160 more lines <span class=\"fold-count\">(200 in all)</span></summary>"))
        // head: lines 1-20 visible before the fold; tail: 181-200 after it; 21-180 inside.
        let before = html[..<fold.lowerBound], inside = html[fold.lowerBound..<tail.lowerBound], after = html[tail.lowerBound...]
        XCTAssertTrue(before.contains("line 1\n") && before.contains("line 20<"))
        XCTAssertFalse(before.contains("line 21"))
        XCTAssertTrue(inside.contains(">line 21\n") && inside.contains("line 180<"))
        XCTAssertFalse(inside.contains("line 181"))
        XCTAssertTrue(after.contains(">line 181\n") && after.contains("line 200<"))
    }

    func testHugeOutputIsCapped() {
        let raw = (1...20_000).map { "l\($0)" }.joined(separator: "\n")
        let html = CapturedOutput.html(raw)
        XCTAssertTrue(html.contains("more lines not included in the report"))
        XCTAssertTrue(html.contains("l20000<"))
        XCTAssertFalse(html.contains(">l19000\n") || html.contains("\nl19000\n"))
    }
}
