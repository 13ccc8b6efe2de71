import Foundation

/// The CSV every grade export writes: RFC 4180 (comma separated, CRLF line ends, a field quoted
/// when it holds a comma, a quote or a line break, quotes doubled), with cells neutralised
/// against spreadsheet formula injection (OWASP "CSV Injection"): a cell beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel, LibreOffice and
/// Google Sheets show it as text instead of evaluating it. Student names and notes come from
/// students, so every cell is treated this way, numbers included (a `-2` reads `'-2`).
///
/// Out: parsing CSV, other separators, a byte-order mark.
public enum CSV {
    /// The whole document: one line per row, each ended by CRLF.
    public static func document(_ rows: [[String]]) -> String {
        rows.map(line).joined()
    }

    /// One row, CRLF included.
    public static func line(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// One cell, neutralised then quoted as needed.
    public static func field(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
