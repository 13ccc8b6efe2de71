import Foundation

/// Where a graded lesson's reports go: the score table itself is
/// written from the gradebook (`StoredGradeReport.swift`), the feedback reports by the grader.
public enum GradeReport {
    /// The folder of a lesson's feedback reports: `<output>/grades/<lesson>/`.
    public static func feedbackRoot(master: Lesson, output: URL) -> URL {
        output.appendingPathComponent("grades").appendingPathComponent(master.slug)
    }

    /// Where a student's feedback report goes: `<output>/grades/<lesson>/<student>/`.
    public static func feedbackFolder(student: String, master: Lesson, output: URL) -> URL {
        feedbackRoot(master: master, output: output).appendingPathComponent(StudentFolderName.of(student))
    }

    /// `page` relative to the grades folder, for a link from the score page (nil if elsewhere).
    static func link(_ page: URL?, output: URL) -> String? {
        guard let page else { return nil }
        let base = output.appendingPathComponent("grades").standardizedFileURL.path + "/"
        let path = page.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    /// The way back from a grade page (in `<output>/grades/`) to the course's index.
    static let courseIndexLink = "<nav class=\"grades-nav\"><a href=\"../index.html\">← Course index</a></nav>"

    /// The grade pages' table style.
    static let style = """

        <style>
        .table-scroll { max-width: 100%; overflow-x: auto; margin: 1em 0; }
        .grade-table { border-collapse: collapse; }
        .grade-table th, .grade-table td { border: 1px solid #d1d9e0; padding: 0.3em 0.6em; text-align: right; }
        .grade-table th[scope=row], .grade-table thead th { text-align: left; }
        .grade-table time { white-space: nowrap; }
        main.grades { max-width: 60rem; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; }
        </style>
        """
}
