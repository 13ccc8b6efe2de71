/// The parts every page shares: doctype, head, skip link, footer.
enum PageShell {
    /// The API reference of Engine and Plot that `make docs` renders into `output/api/`, relative to
    /// the output folder (a folder: DocC's pages are served as `…/index.html` by `lessons preview`).
    static let apiReference = "api/documentation/"

    /// A complete HTML5 document. `root` is the relative path to the output folder ("" or "../").
    static func document(title: String, root: String, bodyClass: String, body: String, extraHead: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="lessons">\(extraHead)
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="\(root)style.css">
        </head>
        <body class="\(bodyClass)">
        <a class="skip-link" href="#content">Skip to content</a>
        \(body)
        <footer class="site-footer">
        <p>Rendered by <strong>lessons</strong>, a literate deep-learning tutorial runner. Static page: no scripts, no network.</p>
        <p>The engine's API reference: <a href="\(root)\(apiReference)">Engine and Plot</a> (rendered by <code>make docs</code>).</p>
        </footer>
        </body>
        </html>

        """
    }
}

/// Width and height of a PNG, read from its IHDR chunk (the first 24 bytes).
enum PNGSize {
    static func read(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature,
              bytes[12...15].elementsEqual("IHDR".utf8) else { return nil }
        func be32(_ k: Int) -> Int { bytes[k..<k + 4].reduce(0) { $0 << 8 | Int($1) } }
        let w = be32(16), h = be32(20)
        return w > 0 && h > 0 ? (w, h) : nil
    }
}
