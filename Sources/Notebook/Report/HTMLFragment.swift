import Mustache

/// HTML the report made itself (a rendered template, cmark's prose, the highlighted code), which a
/// template inserts as it is with `{{{nameHTML}}}`. Everything else a template shows is a plain
/// `String` and is escaped (`ReportTemplate`): raw insertion is only ever of this type.
struct HTMLFragment: MustacheCustomRenderable {
    var markup: String

    init(_ markup: String) { self.markup = markup }

    var renderText: String { markup }
    /// Never a null: an empty fragment still opens its section (an empty prose block keeps its `<div>`).
    var isNull: Bool { false }
}
