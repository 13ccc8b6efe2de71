import CMark

/// What the parser needs from the Markdown body, read with cmark-gfm's AST: fenced code blocks
/// with their lines, and the first level-1 heading. Lines are in the whole file.
struct MarkdownOutline {
    struct FencedBlock {
        /// The info string after the opening fence (`swift`).
        var info: String
        /// The block's content, as cmark reads it (fence indentation removed).
        var literal: String
        /// Lines of the opening and closing fences.
        var startLine: Int
        var endLine: Int
        /// A direct child of the document (not inside a list or quote).
        var topLevel: Bool
        /// False when the fence is never closed (the block then runs to the end of its container).
        var closed: Bool

        /// First word of the info string.
        var language: String { String(info.split(separator: " ").first ?? "") }
    }

    var fencedBlocks: [FencedBlock] = []
    var firstHeading: (text: String, line: Int)?

    /// Parses `body`, whose first line is line `firstLine` of the file; `source` is the whole file.
    init(body: String, firstLine: Int, source: SourceText) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        var utf8 = Array(body.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(document) }
        let offset = firstLine - 1

        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CODE_BLOCK {
                var length: Int32 = 0, fenceOffset: Int32 = 0
                var character: CChar = 0
                guard cmark_node_get_fenced(node, &length, &fenceOffset, &character) != 0 else { continue }
                let start = Int(cmark_node_get_start_line(node)) + offset
                let end = Int(cmark_node_get_end_line(node)) + offset
                let fence = Character(Unicode.Scalar(UInt8(bitPattern: character)))
                let closing = source[end].trimmingCharacters(" \t")
                let closed = end > start && closing.count >= Int(length) && closing.allSatisfy { $0 == fence }
                fencedBlocks.append(FencedBlock(
                    info: string(cmark_node_get_fence_info(node)).trimmingCharacters(" \t"),
                    literal: string(cmark_node_get_literal(node)),
                    startLine: start, endLine: end,
                    topLevel: cmark_node_parent(node) == document,
                    closed: closed))
            } else if type == CMARK_NODE_HEADING, firstHeading == nil, cmark_node_get_heading_level(node) == 1 {
                firstHeading = (plainText(of: node), Int(cmark_node_get_start_line(node)) + offset)
            }
        }
    }

    /// The text of a heading without its Markdown markup.
    private func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += string(cmark_node_get_literal(current))
            } else {
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
