import Foundation

/// The HTML of one lesson's page (`lesson.mustache`): header, problems at the top, contents,
/// prose and steps, pager.
struct LessonPage {
    var lesson: Lesson
    /// nil when the lesson has never been run (the page then shows its prose and code only).
    var run: LessonRun?
    var previous: Lesson?
    var next: Lesson?
    var figures: [String: FigureFile] = [:]
    /// Where the page finds an image the prose refers to by a relative URL (nil: not available).
    var proseImage: (String) -> String? = { _ in nil }

    /// Marks a page written for a lesson that has not run, so `writeIndex` may refresh it
    /// (`PageShell` hands it to `page.mustache` for `PageShell.Head.notRunMarker`).
    static let notRunMarker = "<meta name=\"lessons-run\" content=\"none\">"

    /// Ids the page uses itself, kept away from prose heading ids.
    private static let reservedIDs: Set<String> = ["content", "contents", "top", "problems", "checks", "lesson-header"]

    func html() -> String {
        var usedIDs = Self.reservedIDs.union(lesson.steps.map(StepSection.anchor))
        var blocks: [Block] = []
        var toc: [TOCEntry] = []

        let compileStep = run?.compileError?.line.flatMap(lesson.step(containingLine:))
        for (k, block) in lesson.blocks.enumerated() {
            switch block {
            case .prose(let markdown, let line):
                var headings: [ProseHeading] = []
                let html = InlineValues.render(markdown, startLine: line, lesson: lesson, run: run) { text in
                    let rendered = Markdown.render(text, usedIDs: &usedIDs, title: k == 0 ? lesson.title : nil,
                                                   localImage: proseImage)
                    headings = rendered.headings
                    return rendered.html
                }
                blocks.append(Block(proseHTML: HTMLFragment(html)))
                toc += headings.filter { $0.level <= 3 }.map { TOCEntry(heading: $0) }
            case .step(let step):
                let section = StepSection(
                    lesson: lesson, step: step, result: run?.steps.first { $0.index == step.index },
                    compileError: compileStep == step ? run?.compileError : nil, figures: figures)
                blocks.append(Block(stepSection: section.view()))
                let kind = BadgeKind(section.status)
                toc.append(TOCEntry(stepEntry: TOCStep(
                    kind: kind.rawValue, anchor: StepSection.anchor(step), number: step.index + 1,
                    stepID: step.options.id, label: kind.label, icon: kind.icon)))
            }
        }

        let view = View(
            slug: lesson.slug, header: header(), toc: toc,
            notRunCommand: run == nil ? "lessons run \(Self.number(lesson.slug).map { String(Int($0) ?? 0) } ?? lesson.slug)" : nil,
            problems: problems(), checksSummary: checksSummary(), blocks: blocks,
            previous: previous.map(PagerLink.init), next: next.map(PagerLink.init))
        let shell = PageShell(title: "\(lesson.title) · lessons", root: "../", bodyClass: "lesson-page",
                              head: run == nil ? .notRunMarker : .plain)
        return shell.document(ReportTemplate.lesson.render(view))
    }

    /// "04" from "04-resnet-cifar10", or nil.
    static func number(_ slug: String) -> String? {
        let digits = slug.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    private func header() -> Header {
        let sources = run?.dataSources ?? []
        let params: [ParamItem]
        if let run {
            params = run.params.map { p in
                ParamItem(name: p.name, value: p.value, overridden: p.overridden,
                          defaultValue: p.overridden ? lesson.params.first { $0.name == p.name }?.value.description : nil)
            }
        } else {
            params = lesson.params.map { ParamItem(name: $0.name, value: $0.value.description, overridden: false, defaultValue: nil) }
        }
        return Header(
            lessonNumber: Self.number(lesson.slug), path: lesson.path, title: lesson.title,
            badges: run.map { [Badge(BadgeKind($0.status))] + ($0.fromCache ? [Badge(.cached, "from cache")] : []) } ?? [Badge(.notRun)],
            syntheticSources: sources.filter(\.isSynthetic).map(\.description),
            runFacts: run.map { RunFacts(startedAt: Timestamp($0.startedAt), duration: Formatting.duration($0.duration),
                                         engineVersion: $0.engineVersion) },
            dataFact: DataFact(wide: run == nil, none: run == nil ? lesson.data.isEmpty : sources.isEmpty,
                               declared: run == nil ? lesson.data : [],
                               sources: sources.map(DataSourceLine.init)),
            metrics: run?.metrics ?? [],
            params: params)
    }

    /// What went wrong, at the top of the page, linking to the step it belongs to.
    private func problems() -> [Problem] {
        guard let run else { return [] }
        var problems: [Problem] = []
        if let e = run.compileError {
            let step = e.line.flatMap(lesson.step(containingLine:))
            // The steps before a compile error run (see PartialLesson): say how many did.
            let ran = run.steps.filter { $0.status != .notRun && $0.error != e }.count
            let after = run.steps.filter { $0.status == .notRun }.count
            problems.append(Problem(compileProblem: CompileProblem(
                inStep: step.map { StepLink(anchor: StepSection.anchor($0), number: $0.index + 1) },
                location: e.location, message: CapturedOutput.stripANSI(e.message),
                compilerOutput: e.detail.flatMap { $0.isEmpty ? nil : CapturedOutput.lines($0).joined(separator: "\n") },
                noStepRan: ran == 0, stepsBefore: ran == 0 ? nil : Self.steps(ran),
                stepsAfter: after > 0 ? "\(after)" : nil)))
        }
        // A step holding the compile error is told above already.
        for r in run.steps where (r.status == .failed || r.status == .timedOut) && (run.compileError == nil || r.error != run.compileError) {
            let later = run.steps.filter { $0.index > r.index && $0.status == .notRun }.count
            problems.append(Problem(stepProblem: StepProblem(
                anchor: lesson.steps.first { $0.index == r.index }.map(StepSection.anchor) ?? "contents",
                number: r.index + 1, name: r.name, what: r.status == .timedOut ? "timed out" : "failed",
                stepError: r.error.map { ErrorLine(location: $0.location, message: CapturedOutput.stripANSI($0.message)) },
                stepsNotRunAfter: later > 0 ? Self.steps(later) : nil)))
        }
        problems += InlineValues.problems(in: lesson, run: run).map { Problem(citation: $0) }
        if run.status == .interrupted { problems.append(Problem(interrupted: true)) }
        return problems
    }

    /// "1 step", "3 steps".
    private static func steps(_ count: Int) -> String { "\(count) step\(count == 1 ? "" : "s")" }

    private func checksSummary() -> ChecksSummary? {
        let checks = run?.steps.flatMap(\.checks) ?? []
        guard !checks.isEmpty else { return nil }
        let got = checks.reduce(0) { $0 + $1.points }, max = checks.reduce(0) { $0 + $1.maxPoints }
        let passed = checks.filter(\.passed).count
        return ChecksSummary(badge: Badge(passed == checks.count ? .ok : .failed, "\(passed) of \(checks.count) checks passed"),
                             points: Formatting.points(got), maxPoints: Formatting.points(max))
    }

    // The page's view: stored properties named as in lesson.mustache.

    private struct View {
        var slug: String
        var header: Header
        var toc: [TOCEntry]
        var notRunCommand: String?
        var problems: [Problem]
        var checksSummary: ChecksSummary?
        var blocks: [Block]
        var previous: PagerLink?
        var next: PagerLink?
    }

    private struct Header {
        var lessonNumber: String?
        var path: String
        var title: String
        var badges: [Badge]
        var syntheticSources: [String]
        var runFacts: RunFacts?
        var dataFact: DataFact
        var metrics: [HeadlineValue]
        var params: [ParamItem]
    }

    private struct RunFacts {
        var startedAt: Timestamp
        var duration: String
        var engineVersion: String
    }

    /// The datasets: the lesson's names before it ran, where each came from after.
    private struct DataFact {
        var wide: Bool
        var none: Bool
        var declared: [String]
        var sources: [DataSourceLine]
    }

    private struct ParamItem {
        var name: String
        var value: String
        /// Set with `--set`.
        var overridden: Bool
        var defaultValue: String?
    }

    /// One entry of the contents: a prose heading or a step.
    private struct TOCEntry {
        var heading: ProseHeading?
        var stepEntry: TOCStep?
    }

    private struct TOCStep {
        var kind: String
        var anchor: String
        var number: Int
        var stepID: String?
        var label: String
        var icon: String
    }

    /// One problem at the top of the page: exactly one of its properties is set.
    private struct Problem {
        var compileProblem: CompileProblem?
        var stepProblem: StepProblem?
        var citation: String?
        var interrupted = false
    }

    private struct CompileProblem {
        var inStep: StepLink?
        var location: String
        var message: String
        var compilerOutput: String?
        var noStepRan: Bool
        var stepsBefore: String?
        var stepsAfter: String?
    }

    private struct StepLink {
        var anchor: String
        var number: Int
    }

    private struct StepProblem {
        var anchor: String
        var number: Int
        var name: String
        var what: String
        var stepError: ErrorLine?
        var stepsNotRunAfter: String?
    }

    private struct ErrorLine {
        var location: String
        var message: String
    }

    private struct ChecksSummary {
        var badge: Badge
        var points: String
        var maxPoints: String
    }

    /// A prose block or a step, in the lesson's order.
    private struct Block {
        var proseHTML: HTMLFragment?
        var stepSection: StepSection.View?
    }

    private struct PagerLink {
        var href: String
        var title: String

        init(_ lesson: Lesson) {
            href = HTML.urlPath(lesson.slug)
            title = lesson.title
        }
    }
}
