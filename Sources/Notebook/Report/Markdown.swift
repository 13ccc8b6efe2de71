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
///
/// Links and images are adjusted so the page stays self-contained (see `rewriteLinksAndImages`).
enum Markdown {
    /// The rendered HTML and its headings (each `<hN>` given an `id` for the table of contents).
    /// `usedIDs` keeps ids unique across all prose blocks of one page. `localImage` is asked for
    /// each relative image URL and returns where the page finds it (nil: not available).
    /// `title`: when the prose opens with a level-1 heading reading the same (as a lesson written
    /// for GitHub does), that heading is left out: the page header already shows the title.
    static func render(_ markdown: String, usedIDs: inout Set<String>, title: String? = nil,
                       localImage: (String) -> String? = { _ in nil }) -> (html: String, headings: [ProseHeading]) {
        // cmark returns nothing only when out of memory: the prose is then shown as escaped text.
        func unrendered(_ headings: [ProseHeading] = []) -> (html: String, headings: [ProseHeading]) {
            (HTML.escape(markdown), headings)
        }
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return unrendered() }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return unrendered() }
        defer { cmark_node_free(root) }

        rewriteLinksAndImages(root, localImage: localImage)
        if let title, let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_HEADING,
           cmark_node_get_heading_level(first) == 1,
           plainText(first).trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(title.trimmingCharacters(in: .whitespaces)) == .orderedSame {
            cmark_node_unlink(first)
            cmark_node_free(first)
        }

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
            return unrendered(headings)
        }
        defer { free(cHTML) }
        let html = addHeadingIDs(String(cString: cHTML), headings)
        return (html, headings)
    }

    /// Keeps the page self-contained and its links working:
    /// - a link to another lesson's Markdown (`02-mnist.md#x`, as written for GitHub) goes to
    ///   that lesson's page (`../02-mnist/index.html#x`);
    /// - a relative image is copied beside the page (through `localImage`); one that is missing
    ///   becomes a visible note;
    /// - a remote image (it would need the network) becomes a link to it, labelled with its alt text.
    static func rewriteLinksAndImages(_ root: OpaquePointer, localImage: (String) -> String?) {
        var links: [OpaquePointer] = [], images: [OpaquePointer] = []
        guard let iter = cmark_iter_new(root) else { return }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) else { continue }
            if cmark_node_get_type(n) == CMARK_NODE_LINK { links.append(n) }
            if cmark_node_get_type(n) == CMARK_NODE_IMAGE { images.append(n) }
        }
        cmark_iter_free(iter)

        for link in links {
            guard let c = cmark_node_get_url(link) else { continue }
            let url = String(cString: c)
            guard !hasScheme(url), !url.hasPrefix("/"), !url.hasPrefix("#") else { continue }
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            guard path.hasSuffix(".md") else { continue }
            let slug = (path as NSString).lastPathComponent.dropLast(3)
            guard !slug.isEmpty else { continue }
            let fragment = parts.count > 1 ? "#\(parts[1])" : ""
            cmark_node_set_url(link, "../\(slug)/index.html\(fragment)")
        }

        for image in images {
            let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            if url.hasPrefix("data:image/") { continue }
            if !hasScheme(url) && !url.hasPrefix("//"), let local = localImage(url) {
                cmark_node_set_url(image, local)
                continue
            }
            let alt = plainText(image)
            let replacement: OpaquePointer?
            if hasScheme(url) || url.hasPrefix("//") {
                replacement = cmark_node_new(CMARK_NODE_LINK)
                cmark_node_set_url(replacement, url)
                let text = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(text, "[image: \(alt.isEmpty ? url : alt)]")
                cmark_node_append_child(replacement, text)
            } else {
                replacement = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(replacement, "[image not found: \(url)]")
            }
            if let replacement {
                cmark_node_replace(image, replacement)
                cmark_node_free(image)
            }
        }
    }

    /// `https:`, `mailto:`…: a scheme before any `/`, `?` or `#`.
    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
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
