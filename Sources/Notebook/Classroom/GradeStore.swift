import CSQLite
import FileSystem
import Foundation

/// The course's gradebook: every grading `lessons check LESSON --submissions DIR` has done, kept
/// in one SQLite database, `<output>/grades/gradebook.sqlite3`, so grading a second hand-in
/// folder adds to the grades instead of replacing them.
///
/// One table, `gradings`, one row per (lesson slug, student, graded_at): the lesson's title,
/// points and maximum, the status's raw value, per-check points and maxima as JSON objects in
/// master order (`{"squares": 3, "triple": 2}`), notes as a JSON array of strings, the feedback
/// report relative to `grades/`, the copy's SHA-256 and whether it ran sandboxed. A student's
/// current grade for a lesson is their newest row; the older rows are their history. Rows are
/// only ever added.
///
/// In: opening (creating the folder and schema), recording a run in one transaction, reading
/// current grades, the lessons graded and a student's history. Out: deleting or editing grades,
/// rendering (see `GradeReport`, `CourseGrades`), the checks' messages (in the feedback reports).
/// Not safe to share between threads; several processes may use the same file (SQLite locks it,
/// and a busy database is waited on for up to `busyTimeout` milliseconds).
public final class GradeStore {
    /// The database file.
    public let file: URL
    /// The output folder whose `grades/` holds the database (feedback paths are relative to it).
    public let output: URL
    private let db: OpaquePointer
    /// The schema this version writes (`PRAGMA user_version`); a newer file is refused.
    static let schemaVersion = 2
    /// Milliseconds to wait for another process's write lock before failing.
    static let busyTimeout: Int32 = 10_000

    /// Where the store of an output folder lives: `<output>/grades/gradebook.sqlite3`.
    public static func file(output: URL) -> URL {
        output.appendingPathComponent("grades").appendingPathComponent("gradebook.sqlite3")
    }

    /// Opens the store of `output`, creating `grades/`, the database and its schema if missing.
    public init(output: URL) throws {
        self.output = output
        file = Self.file(output: output)
        let name = displayPath(file)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw GradeStoreError(file: name, message: "cannot create its folder: \(error.localizedDescription)")
        }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(file.path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(handle)
            throw GradeStoreError(file: name, message: "cannot open the gradebook: \(message)")
        }
        db = handle
        sqlite3_busy_timeout(db, Self.busyTimeout)
        try createSchema()
    }

    deinit { sqlite3_close_v2(db) }

    // MARK: Writing

    /// Adds one row per grade, all graded at `gradedAt`, in one transaction: all rows or none.
    /// Each grade must score `lesson`'s check steps in order (grades from `Grader` of the same
    /// master do); the copy's SHA-256 is read from `grade.path` (relative to the current folder,
    /// as `Grader` names it) before the transaction starts. Throws, recording nothing, when a
    /// grade does not match the lesson or a student appears twice.
    public func record(lesson: GradedLesson, grades: [SubmissionGrade], gradedAt: Date, sandboxed: Bool) throws {
        let checks = GradedLesson.unique(lesson.checks)
        let when = StoredTimestamp.string(gradedAt)
        // Hash before taking the write lock: reading copies is the slow part.
        let hashes = grades.map(\.digest)  // hashed when the grader read the copy, not re-read here
        try transaction("record the grades of \(lesson.slug)") {
            let insert = try prepare("""
                INSERT INTO gradings (lesson_slug, lesson_title, student, graded_at, points, max_points, status,
                                      checks, check_max_points, notes, feedback, submission_sha256, sandboxed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var seen = Set<String>()
            for (grade, hash) in zip(grades, hashes) {
                guard seen.insert(grade.student).inserted else {
                    throw error("\(grade.student) appears twice among the grades of \(lesson.slug) graded at \(when); nothing recorded")
                }
                guard grade.grade.steps.count == checks.count else {
                    throw error("the grade of \(grade.student) scores \(grade.grade.steps.count) check steps, \(lesson.slug) has \(checks.count); nothing recorded")
                }
                let points = zip(checks, grade.grade.steps).map { ($0.name, $1.points) }
                let notes = String(decoding: try JSONEncoder().encode(grade.notes), as: UTF8.self)
                let feedback = grade.feedback.map { GradeReport.link($0, output: output) ?? $0.standardizedFileURL.path }
                try insert.run([.text(lesson.slug), .text(lesson.title), .text(grade.student), .text(when),
                                .real(grade.grade.points), .real(grade.grade.maxPoints), .text(grade.status.rawValue),
                                .text(PointsJSON.encode(points)), .text(PointsJSON.encode(checks.map { ($0.name, $0.maxPoints) })),
                                .text(notes), feedback.map(SQLValue.text) ?? .null, hash.map(SQLValue.text) ?? .null,
                                .integer(sandboxed ? 1 : 0)])
            }
        }
    }

    /// Records that this store holds shard `shard` of a sharded grading of `lesson`, whose whole
    /// split (every shard's students, shard 1 first) was `split`: what a merge needs to name the
    /// shards, and their students, that it was not given.
    public func recordShard(lesson slug: String, shard: Shard, split: [[String]], gradedAt: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(split), as: UTF8.self)
        try transaction("record shard \(shard) of \(slug)") {
            try prepare("INSERT OR IGNORE INTO shards (lesson_slug, shard_index, shard_count, split, graded_at) VALUES (?, ?, ?, ?, ?)")
                .run([.text(slug), .integer(Int64(shard.index)), .integer(Int64(shard.count)), .text(json), .text(StoredTimestamp.string(gradedAt))])
        }
    }

    /// What a merge did.
    public struct MergeReport: Sendable, Equatable {
        /// Gradings the store did not have yet.
        public var added = 0
        /// Gradings it already had (merging a part twice adds nothing).
        public var alreadyPresent = 0
        /// The lessons whose grades the parts hold.
        public var lessons: [String] = []
        /// Shards of a sharded grading that no part (and no earlier merge) brought, with their students.
        public var missing: [String] = []
    }

    /// Folds the stores of `parts` (output folders of `lessons check --shard`) into this one, and
    /// their feedback reports into its `grades/` folder: every grading of a part is added unless
    /// it is already here (so merging twice changes nothing); a student's grade is their newest
    /// grading, wherever it came from, and their feedback folder follows it. Shards of the same
    /// sharded grading that none of the parts holds are reported by name, with their students.
    public func merge(parts: [URL]) throws -> MergeReport {
        var report = MergeReport()
        var touched = Set<String>()
        for part in parts {
            let partFile = Self.file(output: part)
            guard FileManager.default.fileExists(atPath: partFile.path) else {
                throw GradeStoreError(file: displayPath(partFile), message: "no partial gradebook here (is this the --output of a `lessons check --shard` run?)")
            }
            let partStore = try GradeStore(output: part)  // refuses a file of another kind or a newer schema
            let quoted = partFile.path.replacingOccurrences(of: "'", with: "''")
            try exec("ATTACH DATABASE '\(quoted)' AS part", "open \(partFile.path)")
            defer { try? exec("DETACH DATABASE part", "close \(partFile.path)") }
            let (added, present, lessons) = try transaction("merge \(displayPath(partFile))") { () -> (Int, Int, [String]) in
                let total = try query("SELECT COUNT(*) FROM part.gradings", [], "count the part's gradings") { Int($0.integer(0)) }.first ?? 0
                try exec("INSERT OR IGNORE INTO main.gradings (\(Self.columns)) SELECT \(Self.columns) FROM part.gradings ORDER BY graded_at, id",
                         "copy the part's gradings")
                let added = Int(sqlite3_changes(db))
                try exec("INSERT OR IGNORE INTO main.shards SELECT * FROM part.shards", "copy the part's shards")
                let lessons = try query("SELECT DISTINCT lesson_slug FROM part.gradings", [], "list the part's lessons") { $0.text(0) ?? "" }
                return (added, total - added, lessons)
            }
            report.added += added
            report.alreadyPresent += present
            touched.formUnion(lessons)
            // Feedback reports follow the current grade: copy a student's folder when the part's
            // grading of them is the one now current here.
            for slug in lessons {
                let here = Dictionary(try current(lesson: slug).map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
                for grade in try partStore.current(lesson: slug) {
                    guard let mine = here[grade.student], mine.gradedAt == grade.gradedAt, let feedback = grade.feedback,
                          !feedback.hasPrefix("/") else { continue }
                    let folder = feedback.split(separator: "/").prefix(2).joined(separator: "/")
                    try Self.replaceFolder(part.appendingPathComponent("grades").appendingPathComponent(folder),
                                           with: output.appendingPathComponent("grades").appendingPathComponent(folder))
                }
            }
        }
        report.lessons = touched.sorted()
        report.missing = try missingShards()
        return report
    }

    /// Shards recorded as part of a sharded grading whose other shards are here but they are not.
    public func missingShards() throws -> [String] {
        let rows = try query("SELECT lesson_slug, shard_index, shard_count, split FROM shards", [], "read the shards") {
            (slug: $0.text(0) ?? "", index: Int($0.integer(1)), count: Int($0.integer(2)), split: $0.text(3) ?? "[]")
        }
        var missing: [String] = []
        let groups = Dictionary(grouping: rows) { "\($0.slug)\u{0}\($0.count)\u{0}\($0.split)" }
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let present = Set(group.map(\.index))
            let split = (try? JSONDecoder().decode([[String]].self, from: Data(group[0].split.utf8))) ?? []
            for index in 1...group[0].count where !present.contains(index) {
                let students = split.indices.contains(index - 1) ? split[index - 1] : []
                missing.append("shard \(index)/\(group[0].count) of \(group[0].slug) (\(students.isEmpty ? "no students" : students.joined(separator: ", ")))")
            }
        }
        return missing
    }

    /// Puts a copy of `source` at `target`, replacing what was there only once the copy is whole.
    static func replaceFolder(_ source: URL, with target: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: source.path) else { return }
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.copyItem(at: source, to: staging)
        do {
            try AtomicDirectory.install(staging, at: target)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    // MARK: Reading

    /// The current grade of every student graded for lesson `slug` (their newest row), sorted by
    /// student as Finder sorts names (`student2` before `student10`, case ignored).
    public func current(lesson slug: String) throws -> [StoredGrade] {
        let rows = try query("""
            SELECT \(Self.columns) FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY student ORDER BY graded_at DESC, id DESC) AS k
                FROM gradings WHERE lesson_slug = ?)
            WHERE k = 1
            """, [.text(slug)], "read the grades of \(slug)", row: storedGrade)
        return rows.sorted { $0.student.compare($1.student, options: [.numeric, .caseInsensitive]) == .orderedAscending }
    }

    /// Every lesson with grades, with the title of its newest grading, in slug order
    /// (`02-…` before `10-…`): the course's order, since lesson files are numbered.
    public func lessons() throws -> [(slug: String, title: String)] {
        let rows = try query("""
            SELECT lesson_slug, lesson_title FROM (
                SELECT lesson_slug, lesson_title,
                       ROW_NUMBER() OVER (PARTITION BY lesson_slug ORDER BY graded_at DESC, id DESC) AS k
                FROM gradings)
            WHERE k = 1
            """, [], "list the graded lessons") { (slug: $0.text(0) ?? "", title: $0.text(1) ?? "") }
        return rows.sorted { $0.slug.compare($1.slug, options: [.numeric, .caseInsensitive]) == .orderedAscending }
    }

    /// Every grading of `student` (the exact name), all lessons, newest first.
    public func history(student: String) throws -> [StoredGrade] {
        try query("SELECT \(Self.columns) FROM gradings WHERE student = ? ORDER BY graded_at DESC, id DESC",
                  [.text(student)], "read the history of \(student)", row: storedGrade)
    }

    // MARK: Schema

    private static let columns = """
        lesson_slug, lesson_title, student, graded_at, points, max_points, status, checks, check_max_points, \
        notes, feedback, submission_sha256, sandboxed
        """

    private func createSchema() throws {
        try transaction("open the gradebook") {
            let version = try query("PRAGMA user_version", [], "read the schema version") { $0.integer(0) }.first ?? 0
            if version > Self.schemaVersion {
                throw error("written by a newer lessons (schema \(version), this one knows \(Self.schemaVersion))")
            }
            if version == Self.schemaVersion { return }
            // Version 2 added `shards`; every statement is IF NOT EXISTS, so a version 1 file upgrades.
            // graded_at is ISO 8601 UTC with milliseconds, fixed width, so it sorts as text.
            try exec("""
                CREATE TABLE IF NOT EXISTS gradings (
                    id INTEGER PRIMARY KEY,
                    lesson_slug TEXT NOT NULL,
                    lesson_title TEXT NOT NULL,
                    student TEXT NOT NULL,
                    graded_at TEXT NOT NULL,
                    points REAL NOT NULL,
                    max_points REAL NOT NULL,
                    status TEXT NOT NULL,
                    checks TEXT NOT NULL,
                    check_max_points TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    feedback TEXT,
                    submission_sha256 TEXT,
                    sandboxed INTEGER NOT NULL CHECK (sandboxed IN (0, 1)),
                    UNIQUE (lesson_slug, student, graded_at)
                );
                CREATE INDEX IF NOT EXISTS gradings_by_student ON gradings (student, graded_at);
                CREATE TABLE IF NOT EXISTS shards (
                    lesson_slug TEXT NOT NULL,
                    shard_index INTEGER NOT NULL,
                    shard_count INTEGER NOT NULL,
                    split TEXT NOT NULL,
                    graded_at TEXT NOT NULL,
                    UNIQUE (lesson_slug, shard_index, shard_count, split)
                );
                PRAGMA user_version = \(Self.schemaVersion);
                """, "create the gradings table")
        }
    }

    // MARK: Rows

    private func storedGrade(_ row: Row) throws -> StoredGrade {
        let slug = row.text(0) ?? "", student = row.text(2) ?? ""
        let stamp = row.text(3) ?? ""
        guard let gradedAt = StoredTimestamp.date(stamp) else { throw error("\(slug), \(student): graded_at `\(stamp)` is not an ISO 8601 date") }
        guard let points = PointsJSON.decode(row.text(7) ?? ""), let maxima = PointsJSON.decode(row.text(8) ?? "") else {
            throw error("\(slug), \(student), \(stamp): the checks are not a JSON object of numbers")
        }
        let maxByName = Dictionary(maxima, uniquingKeysWith: { first, _ in first })
        guard let notes = try? JSONDecoder().decode([String].self, from: Data((row.text(9) ?? "").utf8)) else {
            throw error("\(slug), \(student), \(stamp): the notes are not a JSON array of strings")
        }
        return StoredGrade(lessonSlug: slug, lessonTitle: row.text(1) ?? "", student: student, gradedAt: gradedAt,
                           points: row.real(4), maxPoints: row.real(5), status: .init(rawValue: row.text(6) ?? ""),
                           checks: points.map { StoredGrade.Check(name: $0.0, points: $0.1, maxPoints: maxByName[$0.0] ?? 0) },
                           notes: notes, feedback: row.text(10), submissionSHA256: row.text(11), sandboxed: row.integer(12) != 0)
    }

    // MARK: SQLite

    private func error(_ message: String) -> GradeStoreError {
        GradeStoreError(file: displayPath(file), message: message)
    }

    /// An error for a failed SQLite call while doing `what`, with SQLite's message.
    private func sqliteError(_ what: String) -> GradeStoreError {
        error("cannot \(what): \(String(cString: sqlite3_errmsg(db)))")
    }

    private func exec(_ sql: String, _ what: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw sqliteError(what) }
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT (taking the write lock up front, so two
    /// graders wait for each other instead of failing halfway); rolls back when it throws.
    private func transaction<T>(_ what: String, _ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE", what)
        do {
            let result = try body()
            try exec("COMMIT", what)
            return result
        } catch {
            sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    private func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw sqliteError("prepare `\(sql.prefix(40))…`")
        }
        return Statement(store: self, handle: statement)
    }

    private func query<T>(_ sql: String, _ values: [SQLValue], _ what: String, row: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values, what)
        var rows: [T] = []
        while true {
            let rc = sqlite3_step(statement.handle)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw sqliteError(what) }
            rows.append(try row(Row(handle: statement.handle)))
        }
    }

    private enum SQLValue {
        case text(String), real(Double), integer(Int64), null
    }

    /// A prepared statement, finalised when released.
    private final class Statement {
        let store: GradeStore
        let handle: OpaquePointer

        init(store: GradeStore, handle: OpaquePointer) {
            self.store = store
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        func bind(_ values: [SQLValue], _ what: String) throws {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            // SQLITE_TRANSIENT: SQLite copies the text before the Swift string goes away.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (k, value) in values.enumerated() {
                let index = Int32(k + 1)
                let rc: Int32
                switch value {
                case .text(let text): rc = sqlite3_bind_text(handle, index, text, -1, transient)
                case .real(let number): rc = sqlite3_bind_double(handle, index, number)
                case .integer(let number): rc = sqlite3_bind_int64(handle, index, number)
                case .null: rc = sqlite3_bind_null(handle, index)
                }
                guard rc == SQLITE_OK else { throw store.sqliteError(what) }
            }
        }

        /// Binds and steps a statement that returns no rows.
        func run(_ values: [SQLValue]) throws {
            try bind(values, "write a grading")
            guard sqlite3_step(handle) == SQLITE_DONE else { throw store.sqliteError("write a grading") }
        }
    }

    /// The current row of a stepped statement.
    private struct Row {
        let handle: OpaquePointer

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(cString: bytes)
        }

        func real(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
        func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    }
}
