import XCTest
@testable import Notebook

/// Rendering whole pages from the fixture lesson into a temporary output folder.
final class ReportPageTests: XCTestCase {
    var dir: URL!
    var output: URL { dir.appendingPathComponent("output") }

    override func setUpWithError() throws { dir = try ReportFixture.tempDir() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func render(run: LessonRun = ReportFixture.run(), previous: Lesson? = nil, next: Lesson? = nil) throws -> String {
        try Report.writeLessonPage(lesson: ReportFixture.lesson(), run: run, artifacts: try ReportFixture.artifacts(in: dir),
                                   previous: previous, next: next, output: output)
        return try String(contentsOf: output.appendingPathComponent("02-fixture-mlp/index.html"), encoding: .utf8)
    }

    /// Every `src`/`href` in every page resolves to a file inside the output folder (or an anchor on the page).
    func testAllLinksAndImagesResolveInsideOutput() throws {
        let first = ReportFixture.lesson(slug: "01-first", title: "First")
        let second = ReportFixture.lesson()
        let third = ReportFixture.lesson(slug: "03-third", title: "Third")
        try Report.writeLessonPage(lesson: second, run: ReportFixture.run(), artifacts: try ReportFixture.artifacts(in: dir),
                                   previous: first, next: third, output: output)
        try Report.writeIndex(entries: [(first, nil), (second, ReportFixture.run()), (third, nil)], output: output)

        let root = output.standardizedFileURL.resolvingSymlinksInPath()
        var checked = 0, apiLinks = 0
        let pages = ["index.html", "01-first/index.html", "02-fixture-mlp/index.html", "03-third/index.html"]
        for page in pages {
            let pageURL = output.appendingPathComponent(page)
            let html = try String(contentsOf: pageURL, encoding: .utf8)
            let ids = Set(ReportFixture.attributeValues("id", in: html))
            for (attribute, ref) in ReportFixture.references(in: html) {
                if attribute == "href" && (ref.hasPrefix("https://") || ref.hasPrefix("http://")) {
                    // Links the lesson's author wrote in the prose; nothing is loaded from them.
                    XCTAssertTrue(ref.hasPrefix("https://example.org/"), "\(page): unexpected external link \(ref)")
                    continue
                }
                if ref.hasPrefix("#") {
                    XCTAssertTrue(ids.contains(String(ref.dropFirst())), "\(page): anchor \(ref) has no target")
                    continue
                }
                if ref.hasSuffix(PageShell.apiReference) {
                    // The API reference is rendered into output/api/ by `make docs`, not by a run.
                    XCTAssertEqual(ref, (page.contains("/") ? "../" : "") + PageShell.apiReference, page)
                    apiLinks += 1
                    continue
                }
                XCTAssertFalse(ref.contains(":"), "\(page): \(ref) is not a relative link")
                let path = ref.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ref
                let target = URL(fileURLWithPath: path.removingPercentEncoding ?? path, relativeTo: pageURL.deletingLastPathComponent())
                    .standardizedFileURL.resolvingSymlinksInPath()
                XCTAssertTrue(target.path.hasPrefix(root.path + "/"), "\(page): \(ref) leaves the output folder")
                var isDir: ObjCBool = false
                XCTAssertTrue(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDir) && !isDir.boolValue,
                              "\(page): \(ref) does not resolve to a file")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
        XCTAssertEqual(apiLinks, pages.count, "every page's footer links the API reference")
        let lessonHTML = try String(contentsOf: output.appendingPathComponent("02-fixture-mlp/index.html"), encoding: .utf8)
        XCTAssertTrue(lessonHTML.contains("<img src=\"figures/step-1-1.png\""))
        // 320x200 pixels drawn at 2x: shown at 160x100.
        XCTAssertTrue(lessonHTML.contains("width=\"160\" height=\"100\""))
        XCTAssertTrue(lessonHTML.contains("href=\"../01-first/index.html\""))
        XCTAssertTrue(lessonHTML.contains("href=\"../03-third/index.html\""))
        XCTAssertTrue(lessonHTML.contains("<a href=\"../03-third/index.html#start\">the next lesson</a>"))
        XCTAssertTrue(lessonHTML.contains("<a href=\"https://example.org/cat.png\">[image: a cat]</a>"))
        XCTAssertTrue(lessonHTML.contains("[image not found: nowhere/x.png]"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("style.css").path))
    }

    func testProseImagesAreCopiedBesideThePage() throws {
        let lessons = dir.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data(ReportFixture.png(width: 8, height: 8)).write(to: lessons.appendingPathComponent("img/a diagram.png"))
        var lesson = ReportFixture.lesson()
        lesson.path = lessons.appendingPathComponent("02-fixture-mlp.md").path
        lesson.blocks.insert(.prose(markdown: "![The diagram](img/a%20diagram.png) twice: ![again](img/a%20diagram.png)\n", line: 1), at: 0)
        try Report.writeLessonPage(lesson: lesson, run: ReportFixture.run(), artifacts: try ReportFixture.artifacts(in: dir),
                                   previous: nil, next: nil, output: output)
        let html = try String(contentsOf: output.appendingPathComponent("02-fixture-mlp/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<img src=\"assets/1-a-diagram.png\" alt=\"The diagram\" />"))
        XCTAssertTrue(html.contains("<img src=\"assets/1-a-diagram.png\" alt=\"again\" />"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("02-fixture-mlp/assets/1-a-diagram.png").path))
    }

    func testEverythingFromTheRunIsEscaped() throws {
        let html = try render()
        XCTAssertFalse(html.contains("<script"), "no script element may reach the page")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))   // step output
        XCTAssertTrue(html.contains("A tiny MLP on &lt;fixture&gt; data"))             // title
        XCTAssertTrue(html.contains("&lt;b&gt;hi&lt;/b&gt;"))                          // param value
        XCTAssertTrue(html.contains("&lt;91%&gt;"))                                    // metric
        XCTAssertTrue(html.contains("raw HTML omitted"))                               // raw HTML in prose
    }

    func testHeaderParamsDataAndProse() throws {
        let html = try render()
        XCTAssertTrue(html.contains("<li class=\"overridden\"><code class=\"param-name\">epochs</code> <code class=\"param-value\">3</code> <span class=\"tag tag-set\">set with --set, default <code>1</code></span></li>"))
        XCTAssertTrue(html.contains("<li><code class=\"param-name\">lr</code> <code class=\"param-value\">0.001</code></li>"))
        XCTAssertTrue(html.contains("callout-warning"), "a synthetic stand-in is announced")
        XCTAssertTrue(html.contains("engine 0.1.0 (debug)"))
        XCTAssertTrue(html.contains("2025-04-30 08:00 UTC"))
        XCTAssertTrue(html.contains("1 min 15 s"))
        // GitHub table, strikethrough, autolink, heading ids and the table of contents.
        XCTAssertTrue(html.contains("<table>") && html.contains("<td align=\"right\">60,000</td>"))
        XCTAssertTrue(html.contains("<del>old</del>"))
        XCTAssertTrue(html.contains("<a href=\"https://example.org/mnist\">"))
        XCTAssertTrue(html.contains("<h2 id=\"the-data\">The data</h2>"))
        XCTAssertTrue(html.contains("<h1 id=\"training-a-tiny-mlp\">Training a tiny MLP</h1>"), "an h1 unlike the title stays")
        XCTAssertTrue(html.contains("<a href=\"#the-data\">The data</a>"))
        XCTAssertTrue(html.contains("<a href=\"#step-3\">Step 3 <code>train</code></a>"))
        // echo: false hides the code but the step is still listed.
        XCTAssertFalse(html.contains("secret"))
        XCTAssertTrue(html.contains("id=\"step-2\""))
        // Code is highlighted.
        XCTAssertTrue(html.contains("<span class=\"tok-keyword\">import</span> <span class=\"tok-type\">Engine</span>"))
    }

    func testRuntimeErrorIsPlacedOnItsStepAndLaterStepsAreNotRun() throws {
        let html = try render()
        let train = section(html, "step-3")
        XCTAssertTrue(train.contains("badge-failed"))
        XCTAssertTrue(train.contains("Error at <code>lessons/02-fixture-mlp.md:40:7</code>"))
        XCTAssertTrue(train.contains("Fatal error: Index out of range"))
        XCTAssertTrue(train.contains("<span class=\"line marked\" data-line=\"40\">"), "the crashing line is marked")
        XCTAssertTrue(train.contains("output-folded"), "200 lines of output are folded")
        XCTAssertTrue(train.contains("progress 100%") && !train.contains("progress 50%"))
        XCTAssertFalse(train.contains("\u{1B}"))
        for later in ["step-4", "step-5"] {
            XCTAssertTrue(section(html, later).contains("badge-notrun"), "\(later) is marked not run")
            XCTAssertTrue(section(html, later).contains("This step did not run."))
        }
        // The problem is also summarised at the top, linking to the step.
        let top = html[..<html.range(of: "id=\"step-1\"")!.lowerBound]
        XCTAssertTrue(top.contains("<a href=\"#step-3\">Step 3</a> <code>train</code> failed at <code>lessons/02-fixture-mlp.md:40:7</code>"))
        XCTAssertTrue(top.contains("The 2 steps after it did not run."))
        // Checks with points.
        XCTAssertTrue(section(html, "step-5").contains("1 / 3 pts"))
        XCTAssertTrue(top.contains("0 of 1 checks passed"))
    }

    func testCompileErrorAtTopAndOnItsStep() throws {
        var run = ReportFixture.run()
        run.compileErrors = [Diagnostic(file: ReportFixture.lessonPath, line: 37, column: 11,
                                        message: "error: cannot find 'epoch' in scope",
                                        detail: "lessons/02-fixture-mlp.md:37:11: error: cannot find 'epoch' in scope\n    print(\"epoch \\(epoch)\")\n          ^~~~~")]
        run.steps = []
        let html = try render(run: run)
        let top = html[..<html.range(of: "id=\"step-1\"")!.lowerBound]
        XCTAssertTrue(top.contains("The lesson did not compile in <a href=\"#step-3\">step 3</a>"))
        XCTAssertTrue(top.contains("Compiler output"))
        let step = section(html, "step-3")
        XCTAssertTrue(step.contains("Compile error at <code>lessons/02-fixture-mlp.md:37:11</code>"))
        XCTAssertTrue(step.contains("<span class=\"line marked\" data-line=\"37\">"))
        XCTAssertTrue(section(html, "step-1").contains("This step did not run."))
        XCTAssertTrue(section(html, "step-1").contains("badge-notrun"))
    }

    /// A step that does not compile holds the error also as its result's error (the steps
    /// before it ran): the compiler's message is shown once, not as a compile error and an error.
    func testCompileErrorIsShownOnceOnItsStep() throws {
        var run = ReportFixture.run()
        let error = Diagnostic(file: ReportFixture.lessonPath, line: 37, column: 11,
                               message: "error: cannot find 'epoch' in scope",
                               detail: "lessons/02-fixture-mlp.md:37:11: error: cannot find 'epoch' in scope")
        run.compileErrors = [error]
        run.steps[2].status = .failed
        run.steps[2].output = ""
        run.steps[2].error = error
        let step = section(try render(run: run), "step-3")
        XCTAssertTrue(step.contains("Compile error at <code>lessons/02-fixture-mlp.md:37:11</code>"))
        XCTAssertFalse(step.contains(">Error at"), step)
        XCTAssertEqual(step.components(separatedBy: "<div class=\"error-box").count - 1, 1, step)
    }

    func testMissingAndEscapingFiguresAreNotLinked() throws {
        var run = ReportFixture.run()
        run.steps[0].figures = ["figures/step-1-1.png", "figures/gone.png", "../../etc/passwd"]
        let html = try render(run: run)
        XCTAssertTrue(html.contains("(<code>figures/gone.png</code>) was not found"))
        XCTAssertTrue(html.contains("outside the lesson’s folder"))
        XCTAssertFalse(html.contains("src=\"figures/gone.png\""))
        XCTAssertFalse(html.contains("src=\"../../etc/passwd\""))
    }

    func testIndexShowsStatusOfEachLesson() throws {
        let lessons = (1...5).map { ReportFixture.lesson(slug: "0\($0)-l\($0)", title: "Lesson \($0)") }
        var ok = ReportFixture.run(slug: "01-l1", status: .ok)
        ok.steps = []
        var cached = ok
        cached.slug = "04-l4"
        cached.fromCache = true
        try Report.writeIndex(entries: [(lessons[0], ok), (lessons[1], ReportFixture.run(slug: "02-l2")), (lessons[2], nil),
                                        (lessons[3], cached), (lessons[4], ReportFixture.run(slug: "05-l5", status: .interrupted))],
                              output: output)
        let html = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        let rows = Array(html.components(separatedBy: "<tr class=\"row-").dropFirst())
        XCTAssertEqual(rows.count, 5)
        XCTAssertTrue(rows[0].hasPrefix("ok") && rows[0].contains("✓</span> ok") && !rows[0].contains("badge-cached"))
        XCTAssertTrue(rows[1].hasPrefix("failed") && rows[1].contains("✗</span> failed"))
        XCTAssertTrue(rows[2].hasPrefix("notrun") && rows[2].contains("not run") && rows[2].contains("never"))
        XCTAssertTrue(rows[3].contains("badge-cached") && rows[3].contains("cached"))
        XCTAssertTrue(rows[4].contains("interrupted"))
        XCTAssertTrue(rows[0].contains("1 min 15 s") && rows[0].contains("2025-04-30 08:00 UTC"))
        XCTAssertTrue(rows[0].contains("<span class=\"metric-name\">test accuracy</span> <span class=\"metric-value\">&lt;91%&gt;</span>"))
        XCTAssertTrue(rows[0].contains("data-synthetic"))
        XCTAssertTrue(html.contains("5 lessons · 2 ok · 2 failed · 1 not run"))
        // Never-run lessons still get a page (prose and code), so the index links to all five.
        XCTAssertTrue(rows[2].contains("<a href=\"03-l3/index.html\">Lesson 3</a>"))
        let notRunPage = try String(contentsOf: output.appendingPathComponent("03-l3/index.html"), encoding: .utf8)
        XCTAssertTrue(notRunPage.contains("Not run yet.") && notRunPage.contains("lessons run 3"))
    }

    func testProseHeadingIDsAndUnsafeLinks() {
        var used: Set<String> = ["contents"]
        let (html, headings) = Markdown.render("""
        # Données réelles
        ## Contents
        ## Contents
        [bad](javascript:alert(1)) <b onclick="x()">raw</b>
        """, usedIDs: &used)
        XCTAssertEqual(headings.map(\.id), ["données-réelles", "contents-2", "contents-3"])
        XCTAssertEqual(headings.map(\.level), [1, 2, 2])
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertFalse(html.contains("onclick"))
        XCTAssertTrue(html.contains("<h2 id=\"contents-3\">Contents</h2>"))
    }

    func testNeverRunPageIsRefreshedButARealPageIsKept() throws {
        var lesson = ReportFixture.lesson()
        try Report.writeIndex(entries: [(lesson, nil)], output: output)
        let page = output.appendingPathComponent("02-fixture-mlp/index.html")
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("Now we train."))
        lesson.blocks[3] = .prose(markdown: "## Training\n\nEdited prose.\n", line: 31)
        try Report.writeIndex(entries: [(lesson, nil)], output: output)
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("Edited prose."))

        try Report.writeLessonPage(lesson: lesson, run: ReportFixture.run(), artifacts: try ReportFixture.artifacts(in: dir),
                                   previous: nil, next: nil, output: output)
        let real = try Data(contentsOf: page)
        try Report.writeIndex(entries: [(lesson, nil)], output: output)
        XCTAssertEqual(try Data(contentsOf: page), real, "a page from an earlier run is not replaced by a text-only one")
    }

    /// The HTML of the step section with this id.
    private func section(_ html: String, _ id: String) -> String {
        guard let start = html.range(of: "id=\"\(id)\"") else { XCTFail("no \(id)"); return "" }
        let rest = html[start.lowerBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
