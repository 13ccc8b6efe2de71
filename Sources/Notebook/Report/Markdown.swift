import CMark
import Foundation

/// A heading found in the prose, for the table of contents.
struct ProseHeading: Equatable {
    var level: Int
    var text: String
    var id: String
}

/// CommonMark + GitHub tables, strikethrough and autolinks rendered to HTML by cmark-gfm.
///
/// Raw HTML in the prose is *not* passed through (no `CMARK_OPT_UNSAFE`): cmark-gfm replaces it
/// with `<!-- raw HTML omitted -->` and drops `javascript:` links, so a lesson cannot inject
/// markup or scripts into the report. Lessons are plain Markdown; if one needs an HTML
/// feature, it belongs in the report's renderer, not in the prose.
enum Markdown {
    /// The rendered HTML and its headings (each `<hN>` given an `id` for the table of contents).
    /// `usedIDs` keeps ids unique across all prose blocks of one page.
    static func render(_ markdown: String, usedIDs: inout Set<String>) -> (html: String, headings: [ProseHeading]) {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return (HTML.escape(markdown), []) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return (HTML.escape(markdown), []) }
        defer { cmark_node_free(root) }

        var headings: [ProseHeading] = []
        if let iter = cmark_iter_new(root) {
            defer { cmark_iter_free(iter) }
            while true {
                let ev = cmark_iter_next(iter)
                if ev == CMARK_EVENT_DONE { break }
                guard ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                      cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
                let text = plainText(node)
                var id = HTML.slugify(text)
                if usedIDs.contains(id) {
                    var n = 2
                    while usedIDs.contains("\(id)-\(n)") { n += 1 }
                    id = "\(id)-\(n)"
                }
                usedIDs.insert(id)
                headings.append(ProseHeading(level: Int(cmark_node_get_heading_level(node)), text: text, id: id))
            }
        }

        guard let cHTML = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else {
            return (HTML.escape(markdown), headings)
        }
        defer { free(cHTML) }
        let html = addHeadingIDs(String(cString: cHTML), headings)
        return (html, headings)
    }

    /// The text of a node's inline children (what a heading reads as).
    private static func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        guard let iter = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let lit = cmark_node_get_literal(n) {
                text += String(cString: lit)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    /// Gives the n-th `<hN>` tag the n-th heading's id. With raw HTML omitted, every `<hN>`
    /// in cmark's output comes from a heading node, in document order.
    private static func addHeadingIDs(_ html: String, _ headings: [ProseHeading]) -> String {
        guard !headings.isEmpty else { return html }
        var out = ""
        var rest = html[...]
        var i = 0
        while i < headings.count, let r = rest.range(of: "<h\(headings[i].level)>") {
            out += rest[..<r.lowerBound]
            out += "<h\(headings[i].level) id=\"\(headings[i].id)\">"
            rest = rest[r.upperBound...]
            i += 1
        }
        out += rest
        return out
    }
}
