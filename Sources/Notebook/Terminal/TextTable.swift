/// A table for the terminal: left-aligned columns two spaces apart, one line per row (the first
/// row is the header), no trailing blanks. Every row has the header's number of cells.
public enum TextTable {
    /// The table's lines, each ending in a newline.
    public static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
