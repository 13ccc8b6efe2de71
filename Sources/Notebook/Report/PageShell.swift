/// The parts every page shares (`page.mustache`): doctype, head, skip link, footer.
struct PageShell {
    /// The API reference of Engine and Plot that `make docs` renders into `output/api/`, relative to
    /// the output folder (a folder: DocC's pages are served as `…/index.html` by `lessons preview`).
    static let apiReference = "api/documentation/"

    /// What a page adds to its head.
    enum Head {
        case plain
        /// A lesson page written before the lesson ran (`LessonPage.notRunMarker`).
        case notRunMarker
        /// The grade pages' table style.
        case gradeTableStyle
    }

    var title: String
    /// The relative path to the output folder ("" or "../").
    var root: String
    var bodyClass: String
    var head: Head = .plain

    /// A complete HTML5 document with `content` (a page template's rendering) as its body.
    func document(_ content: String) -> String {
        ReportTemplate.page.render(View(
            title: title, root: root, bodyClass: bodyClass, apiReference: Self.apiReference,
            notRunMarkerHTML: head == .notRunMarker ? HTMLFragment(LessonPage.notRunMarker) : nil,
            gradeTableStyle: head == .gradeTableStyle,
            contentHTML: HTMLFragment(content)))
    }

    private struct View {
        var title: String
        var root: String
        var bodyClass: String
        var apiReference: String
        /// The marker itself, so that the page and Report's check for it share one literal.
        var notRunMarkerHTML: HTMLFragment?
        var gradeTableStyle: Bool
        var contentHTML: HTMLFragment
    }
}
