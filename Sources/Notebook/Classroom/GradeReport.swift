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

}
