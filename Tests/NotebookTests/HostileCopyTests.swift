import XCTest
@testable import Notebook
import LessonRuntime

/// A hostile class against a one-exercise-per-check master (10-exercises.md: `squares`, 3
/// points; `triple`, 2 points), graded as `lessons check --submissions` grades, in the
/// bubblewrap sandbox. Each copy is an attack from the trusted-grading issue; each must score
/// what an honest copy with the same (wrong) answer scores, or less, and leave nothing of
/// anyone else's changed.
final class HostileCopyTests: XCTestCase {
    /// The released copy's answers: `return 0` earns 1 of squares' 3 checks; triple traps.
    static let emptySquares = "    return 0"
    static let emptyTriple = "  fatalError(\"exercise not done yet\")"

    /// The master with its two solution bodies replaced by the copy's code.
    static func copy(squares: String = emptySquares, triple: String = emptyTriple, prose: String = "") throws -> String {
        let master = try String(contentsOf: FixtureProject.fixtures.appendingPathComponent("10-exercises.md"), encoding: .utf8)
        return master
            .replacingOccurrences(of: "    // BEGIN SOLUTION placeholder: return 0\n    return xs.map { $0 * $0 }.reduce(0, +)\n    // END SOLUTION", with: squares)
            .replacingOccurrences(of: "  // BEGIN SOLUTION\n  return x * factor\n  // END SOLUTION", with: triple)
            .replacingOccurrences(of: "Write `triple`", with: prose + "\n\nWrite `triple`")
    }

    struct Class {
        var grades: [String: SubmissionGrade]
        var snapshot: GradingSnapshot
        var output: URL
        /// Kept alive: its folder (and the feedback reports in it) goes with it.
        var fixtures: FixtureProject
    }

    /// Grades `copies` (file name → text) in a fresh hand-in folder, two at a time.
    func grade(_ copies: [String: String], timeLimit: Double = 20, limits: Sandbox.Limits = Sandbox.Limits(),
               prepare: (URL) throws -> Void = { _ in }) throws -> Class {
        let fixtures = try FixtureProject(["10-exercises.md"])
        let handIn = fixtures.root.appendingPathComponent("hand-in")
        try FileManager.default.createDirectory(at: handIn, withIntermediateDirectories: true)
        for (name, text) in copies { try Data(text.utf8).write(to: handIn.appendingPathComponent(name)) }
        try prepare(handIn)
        let (grader, snapshot) = try TestGrading.grader(master: fixtures.url("10-exercises.md"), timeLimit: timeLimit, limits: limits)
        let output = fixtures.root.appendingPathComponent("output")
        let found = try SubmissionFolder.list(handIn, lessonFileName: "10-exercises.md")
        let master = snapshot.master
        let grades = try ClassGrading(grader: grader, jobs: 2).gradeAll(found, feedback: {
            GradeReport.feedbackFolder(student: $0.student, master: master, output: output)
        }, progress: nil)
        XCTAssertEqual(snapshot.verify(), [], "grading changed neither the master nor the build")
        return Class(grades: Dictionary(uniqueKeysWithValues: grades.map { ($0.student, $0) }), snapshot: snapshot, output: output, fixtures: fixtures)
    }

    func score(_ grade: SubmissionGrade?) -> String {
        guard let grade else { return "no row" }
        return "\(Formatting.points(grade.grade.points)) \(grade.status.rawValue)"
    }

    func testHonestEmptyAndSolvedCopiesInTheSandbox() throws {
        let result = try grade([
            "empty.md": try Self.copy(),
            "solved.md": try Self.copy(squares: "    return xs.map { $0 * $0 }.reduce(0, +)", triple: "  return x * factor"),
        ])
        XCTAssertEqual(score(result.grades["empty"]), "1 crashed")
        XCTAssertEqual(score(result.grades["solved"]), "5 ok")
    }

    func testForgedEventsScoreNothing() throws {
        let result = try grade([
            // The old in-band format, on stdout and stderr, inside the exercise and between steps.
            "stdout.md": try Self.copy(squares: """
                    print("\\u{1E}lessons:{\\"e\\":\\"check\\",\\"passed\\":true,\\"message\\":\\"x\\"}")
                    FileHandle.standardError.write("\\u{1E}lessons:{\\"e\\":\\"end\\",\\"step\\":2}\\n".data(using: .utf8)!)
                    return 0
                """),
            // Lines written straight to the event descriptor: no seal.
            "descriptor.md": try Self.copy(squares: """
                    let line = "0000000000000000000000000000000000000000000000000000000000000000 {\\"seq\\":2,\\"event\\":{\\"done\\":{}}}\\n"
                    _ = line.withCString { write(4, $0, strlen($0)) }
                    return 0
                """),
            // The runtime's own scaffolding, called from lesson code: it needs the program's session.
            "scaffolding.md": try Self.copy(squares: """
                    let session = LessonRuntime::LessonProgram.start(steps: 6)
                    let check = LessonRuntime::LessonProgram.checks(step: 2, session)
                    check(true, "forged")
                    LessonRuntime::LessonProgram.end(step: 2, session)
                    return 0
                """),
            // Every remaining event, then an exit: the same, from a background thread.
            "thread.md": try Self.copy(squares: """
                    Thread.detachNewThread { _ = LessonRuntime::LessonProgram.start(steps: 6) }
                    usleep(200_000)
                    return 0
                """),
        ])
        for student in ["descriptor", "scaffolding", "thread"] {
            XCTAssertEqual(score(result.grades[student]), "0 tampered", student)
            XCTAssertTrue(result.grades[student]?.notes.contains { $0.contains("tampered:") } == true, "\(result.grades[student]?.notes ?? [])")
        }
        // Printed lines are only output: the copy scores what its answer earns.
        XCTAssertEqual(score(result.grades["stdout"]), "1 crashed")
    }

    func testShadowingTheRuntimeTheChecksAndTheTypesDoesNotHelp() throws {
        let result = try grade([
            // A top-level `check` that always passes, and a step-local one.
            "check.md": try Self.copy(squares: "    return 0\n}\n@discardableResult func check(_ c: Bool, _ m: String, line: Int = #line) -> Bool { true }\nfunc unused() {"),
            // Types named like the runtime's module and Swift's.
            "modules.md": try Self.copy(squares: "    return 0\n}\nenum LessonRuntime { enum LessonProgram {} }\nenum Swift {}\nfunc unused2() {"),
            // A return type that equals everything.
            "equals.md": try Self.copy(squares: "    return 0\n}\nstruct Yes: Equatable, ExpressibleByIntegerLiteral { init(integerLiteral: Int) {}; static func == (a: Yes, b: Yes) -> Bool { true } }\nfunc sumOfSquares(_ xs: [Int?]) -> Yes { Yes(integerLiteral: 0) }\nfunc unused3() {"),
            // Int itself, renamed to such a type.
            "alias.md": try Self.copy(squares: "    return 0\n}\nstruct Yes: Equatable, ExpressibleByIntegerLiteral { init(integerLiteral: Int) {}; static func == (a: Yes, b: Yes) -> Bool { true } }\ntypealias Int = Yes\nfunc unused4() {"),
            // == on Int redefined.
            "equality.md": try Self.copy(squares: "    return 0\n}\nfunc == (a: Swift.Int, b: Swift.Int) -> Bool { true }\nfunc unused5() {"),
            // The helper the checks call, redefined in an ordinary step of the copy.
            "helper.md": try Self.copy().replacingOccurrences(of: "func describe(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: \", \") }",
                                                               with: "func describe(_ xs: [Int]) -> String { \"\" }\nfunc sumOfSquares(_ xs: [Int]) -> Int { 14 }"),
            // @testable import reaches internal symbols: none of them sends a sealed event without the session.
            "testable.md": try Self.copy(squares: "    return 0\n}\n@testable import LessonRuntime\nfunc unused6() { LessonRuntime::EventWriter.sendMetric(name: \"a\", value: \"b\") }\nfunc unused7() {"),
            // A member of the standard library the checks use, replaced in an extension.
            "extension.md": try Self.copy(squares: "    return 14\n}\nextension Array where Element == Int { func reduce(_ a: Int, _ f: (Int, Int) -> Int) -> Int { 14 } }\nfunc unused8() {"),
            // A symbol reached by its mangled name.
            "silgen.md": try Self.copy(squares: "    return 0\n}\n@_silgen_name(\"swift_retain\") func sneaky()\nfunc unused9() {"),
        ])
        // Declarations that would change what the master's code calls are refused before the copy is built.
        let refusals = [
            "check": "`check` is already a name of Swift or of the course's libraries",
            "modules": "`LessonRuntime` is already a name of Swift or of the course's libraries",
            "testable": "`@testable import` reaches the runtime's internals",
            "alias": "`Int` is already a name of Swift or of the course's libraries",
            "equality": "a top-level operator `==` could change how the checks compare",
            "extension": "an `extension` of Array could change what the checks call on it",
            "silgen": "underscored attributes (`@_…`) reach past the language's rules",
        ]
        for (student, message) in refusals {
            XCTAssertEqual(score(result.grades[student]), "0 does not compile", student)
            XCTAssertTrue(result.grades[student]?.notes.first?.contains(message) == true, "\(student): \(result.grades[student]?.notes ?? [])")
        }
        XCTAssertEqual(score(result.grades["helper"]), "1 crashed", "ordinary steps are the master's code")
        XCTAssertTrue(result.grades["helper"]?.notes.contains { $0.contains("differs from the master copy; graded with the master's") } == true)
        // An overload returning a type that equals everything is not what the pinned check calls.
        XCTAssertEqual(score(result.grades["equals"]), "1 crashed")
    }

    func testBracesLeftOpenForALaterStepAreRefused() throws {
        let result = try grade([
            "braces.md": try Self.copy(squares: "    return 14\n}\nif false {\nfunc unused() -> Int {\n    return 0", triple: "}\n  return x * 3"),
        ])
        XCTAssertEqual(score(result.grades["braces"]), "0 does not compile")
        XCTAssertTrue(result.grades["braces"]?.notes.first?.contains("not complete Swift on its own") == true, "\(result.grades["braces"]?.notes ?? [])")
    }

    func testExitAndSelfKillFailTheRemainingSteps() throws {
        let result = try grade([
            "exit.md": try Self.copy(squares: "    exit(0)"),
            "kill.md": try Self.copy(squares: "    kill(getpid(), SIGKILL); return 0"),
        ])
        XCTAssertEqual(score(result.grades["exit"]), "0 crashed")
        XCTAssertEqual(score(result.grades["kill"]), "0 crashed")
    }

    func testTheCopySeesNothingOfAnyoneElseAndChangesNothing() throws {
        let home = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".lessons-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        var masterFile = ""
        var classmate = ""
        let attack = { (target: String) in """
                for path in [\(target)] {
                    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "UNREADABLE"
                    print("READ \\(path): \\(text.prefix(40))")
                    print((try? "pwned".write(toFile: path, atomically: false, encoding: .utf8)) == nil ? "WRITE FAILED \\(path)" : "WROTE \\(path)")
                }
                print("ENV HOME=\\(ProcessInfo.processInfo.environment["HOME"] ?? "-") USER=\\(ProcessInfo.processInfo.environment["USER"] ?? "-")")
                if let parent = try? String(contentsOfFile: "/proc/\\(getppid())/cmdline", encoding: .utf8) { print("PARENT \\(parent)") }
                return 0
            """ }
        let result = try grade([
            "classmate.md": try Self.copy(squares: "    return xs.map { $0 * $0 }.reduce(0, +)"),
        ]) { handIn in
            masterFile = handIn.deletingLastPathComponent().appendingPathComponent("lessons/10-exercises.md").path
            classmate = handIn.appendingPathComponent("classmate.md").path
            let library = try TestBuild.require().directory.appendingPathComponent("libLessonKit.so").path
            let planted = handIn.deletingLastPathComponent().appendingPathComponent("lessons/99-planted.md").path
            let clangCache = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/clang/ModuleCache/planted").path
            let targets = [masterFile, classmate, home.path, "/etc/passwd", library, planted, clangCache].map { "\"\($0)\"" }.joined(separator: ", ")
            try Data(Self.copy(squares: attack(targets)).utf8).write(to: handIn.appendingPathComponent("attacker.md"))
        }
        let attacker = try XCTUnwrap(result.grades["attacker"])
        XCTAssertEqual(score(attacker), "1 crashed")
        let page = try String(contentsOf: XCTUnwrap(attacker.feedback), encoding: .utf8)
        XCTAssertTrue(page.contains("WRITE FAILED \(masterFile)") && page.contains("WRITE FAILED \(classmate)") && page.contains("WRITE FAILED \(home.path)"), page)
        for path in [masterFile, classmate, "/etc/passwd"] {
            XCTAssertTrue(page.contains("READ \(path): UNREADABLE"), "\(path) is not visible from the copy")
        }
        XCTAssertTrue(page.contains("ENV HOME=/tmp/home USER=-"), "a scrubbed environment and a private HOME")
        XCTAssertFalse(page.contains("xctest"), "the grader's processes are not visible")
        XCTAssertTrue(try String(contentsOfFile: masterFile, encoding: .utf8).contains("BEGIN SOLUTION"))
        XCTAssertTrue(try String(contentsOfFile: classmate, encoding: .utf8).contains("reduce(0, +)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.path))
        for target in ["lessons/99-planted.md"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: URL(fileURLWithPath: masterFile).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(target).path),
                           "no lesson planted beside the master")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/clang/ModuleCache/planted").path),
                       "the compiler's module cache is not reachable")
        XCTAssertTrue(page.contains("WRITE FAILED \(try TestBuild.require().directory.appendingPathComponent("libLessonKit.so").path)"), "the LessonKit build is not writable")
        XCTAssertEqual(score(result.grades["classmate"]), "3 crashed")
    }

    func testNoNetworkAndLimitsOnProcessesAndMemory() throws {
        // A listener on loopback that the copy tries to reach.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        XCTAssertEqual(listen(listener, 4), 0)
        _ = fcntl(listener, F_SETFL, O_NONBLOCK)
        let port = UInt16(bigEndian: address.sin_port)
        var limits = Sandbox.Limits()
        limits.memoryBytes = 3 << 30
        limits.processes = 64
        let result = try grade([
            "network.md": try Self.copy(squares: """
                    let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                    var a = sockaddr_in(); a.sin_family = sa_family_t(AF_INET); a.sin_addr.s_addr = inet_addr("127.0.0.1"); a.sin_port = UInt16(\(port)).bigEndian
                    let r = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                    print(r == 0 ? "CONNECTED" : "NO NETWORK: \\(String(cString: strerror(errno)))")
                    return 0
                """),
            "fork.md": try Self.copy(squares: """
                    var made = 0
                    for _ in 0..<200 { let pid = fork(); if pid == 0 { sleep(30); _exit(0) }; if pid > 0 { made += 1 } }
                    print("FORKED \\(made)")
                    return 0
                """),
            "memory.md": try Self.copy(squares: """
                    let p = malloc(6 << 30)
                    print(p == nil ? "MEMORY REFUSED" : "MEMORY GRANTED")
                    return 0
                """),
        ], limits: limits)
        var peer = sockaddr()
        var peerLength = socklen_t(MemoryLayout<sockaddr>.size)
        XCTAssertEqual(accept(listener, &peer, &peerLength), -1, "no connection reached the loopback listener")
        func output(_ student: String) throws -> String { try String(contentsOf: XCTUnwrap(result.grades[student]?.feedback), encoding: .utf8) }
        XCTAssertTrue(try output("network").contains("NO NETWORK"))
        let forked = try output("fork")
        let made = forked.range(of: #"FORKED (\d+)"#, options: .regularExpression).map { Int(forked[$0].dropFirst(7))! }
        XCTAssertNotNil(made, forked)
        XCTAssertLessThan(made ?? 200, 64, "the process limit holds")
        XCTAssertTrue(try output("memory").contains("MEMORY REFUSED"))
    }

    func testChildrenDoNotOutliveTheCopyNorHoldTheTimeout() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-outlived-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let started = Date()
        let result = try grade([
            // A detached child that keeps the output pipe open and sleeps past the time limit.
            "holder.md": try Self.copy(squares: """
                    if fork() == 0 { setsid(); sleep(120); _exit(0) }
                    return 0
                """, triple: "  while true { sleep(1) }"),
            // A child that would write after grading ended.
            "late.md": try Self.copy(squares: """
                    if fork() == 0 { setsid(); sleep(4); _ = try? "late".write(toFile: "\(marker.path)", atomically: false, encoding: .utf8); _exit(0) }
                    return 0
                """),
        ], timeLimit: 3)
        // Far below the holder's 120 s (a held pipe would wait for it), far above two sandboxed
        // compiles on a loaded 2-core machine (up to ~32 s seen while other builds ran).
        XCTAssertLessThan(Date().timeIntervalSince(started), 75, "the time limit holds although a child keeps the pipe open")
        XCTAssertEqual(score(result.grades["holder"]), "1 timed out")
        sleep(5)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "nothing the copy started outlives it")
    }

    func testLinksHostileNamesAndStrayEntriesEachGetARow() throws {
        let result = try grade([
            "Alice.md": try Self.copy(),
            "alice.md": try Self.copy(squares: "    return xs.map { $0 * $0 }.reduce(0, +)"),
            "=HYPERLINK(\"http-evil\").md": try Self.copy(),
            "notes.txt": "not a copy",
            ".hidden.md": try Self.copy(),
        ]) { handIn in
            let master = handIn.deletingLastPathComponent().appendingPathComponent("lessons/10-exercises.md")
            try FileManager.default.createSymbolicLink(at: handIn.appendingPathComponent("linked.md"), withDestinationURL: master)
            try FileManager.default.linkItem(at: master, to: handIn.appendingPathComponent("hardlinked.md"))
        }
        XCTAssertEqual(score(result.grades["linked"]), "0 refused")
        XCTAssertEqual(score(result.grades["hardlinked"]), "0 refused")
        XCTAssertEqual(score(result.grades["notes.txt"]), "0 skipped")
        XCTAssertEqual(score(result.grades[".hidden.md"]), "0 skipped")
        XCTAssertEqual(score(result.grades["Alice"]), "1 crashed")
        XCTAssertEqual(score(result.grades["alice"]), "3 crashed")
        XCTAssertNotEqual(result.grades["Alice"]?.feedback, result.grades["alice"]?.feedback, "one feedback folder per student")
        XCTAssertEqual(result.grades["Alice"]?.feedback?.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent, "~41lice")
        let grades = Array(result.grades.values)
        let master = result.snapshot.master
        let csv = GradeReport.csv(lesson: GradedLesson(master: master), current: grades.map {
            StoredGrade(lessonSlug: master.slug, lessonTitle: master.title, student: $0.student, gradedAt: Date(), points: $0.grade.points,
                        maxPoints: $0.grade.maxPoints, status: .known($0.status), checks: [], notes: $0.notes, feedback: nil,
                        submissionSHA256: $0.digest, sandboxed: true)
        })
        XCTAssertTrue(csv.contains("\"'=HYPERLINK(\"\"http-evil\"\")\""), csv)
    }

    /// Found by a hostile review: code placed in `.init_array` ran before `main`, took the
    /// channel's key and forged every event; a step folder replaced by a link made the grader
    /// copy the host's PNGs into the feedback report; sparse "figures" made it write gigabytes.
    func testCodeBeforeMainLinkedFiguresAndHugeFiguresAreStopped() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.createDirectory(at: secret, withIntermediateDirectories: true)
        try Data("SECRET".utf8).write(to: secret.appendingPathComponent("secret.png"))
        _ = chmod(secret.path, 0o755)
        let result = try grade([
            "initarray.md": try Self.copy(squares: "    return 0\n}\n@used @section(\".init_array\") let grab: @convention(c) () -> Void = { }\nfunc unusedX() {"),
            "figlink.md": try Self.copy(squares: """
                    let art = ProcessInfo.processInfo.environment["LESSONS_ARTIFACTS"] ?? "?"
                    try? FileManager.default.removeItem(atPath: art + "/step-6")
                    _ = try? FileManager.default.createSymbolicLink(atPath: art + "/step-6", withDestinationPath: "\(secret.path)")
                    return 0
                """),
            "sparse.md": try Self.copy(squares: """
                    let folder = ProcessInfo.processInfo.environment["LESSONS_FIGURES"] ?? "?"
                    let fd = open(folder + "/big.png", O_CREAT | O_WRONLY, 0o644); _ = ftruncate(fd, 100 << 20); close(fd)
                    return 0
                """),
        ])
        XCTAssertEqual(score(result.grades["initarray"]), "0 does not compile")
        XCTAssertTrue(result.grades["initarray"]?.notes.first?.contains("is not one an exercise may use") == true, "\(result.grades["initarray"]?.notes ?? [])")
        XCTAssertEqual(score(result.grades["figlink"]), "1 crashed")
        XCTAssertEqual(score(result.grades["sparse"]), "1 crashed")
        let reports = result.output.appendingPathComponent("grades/10-exercises")
        let copied = FileManager.default.enumerator(atPath: reports.path)?.allObjects as? [String] ?? []
        XCTAssertFalse(copied.contains { $0.hasSuffix("secret.png") }, "no host file reaches a feedback report: \(copied)")
        XCTAssertFalse(copied.contains { $0.hasSuffix("big.png") }, "no oversized figure is copied: \(copied)")
    }

    func testProseImagesOutsideTheLessonFolderAreNotCopied() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-images-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("copy"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("secret.png"))
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("copy/ok.png"))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("copy/link.png"), withDestinationURL: folder.appendingPathComponent("secret.png"))
        let lesson = try LessonParser.parse(text: "# A\n", path: folder.appendingPathComponent("copy/a.md").path)
        let copyImage = Report.proseImageCopier(lesson: lesson, folder: folder.appendingPathComponent("out"))
        XCTAssertNil(copyImage("../secret.png"))
        XCTAssertNil(copyImage("/etc/passwd"))
        XCTAssertNil(copyImage("link.png"))
        XCTAssertEqual(copyImage("ok.png"), "assets/1-ok.png")
    }
}
