import XCTest
@testable import Notebook
import LessonRuntime

/// The runner's pieces that need no compiler: the event stream, diagnostics, crash reports,
/// hashing, line remapping, captured output.
final class RunnerPartsTests: XCTestCase {
    func testEventChannelOpensSealedLinesAcrossChunks() {
        let key = [UInt8](repeating: 7, count: 32)
        let seal = EventSeal(key: key)
        let stream = seal.seal(.start(steps: 1, pid: 9), seq: 0) + seal.seal(.begin(step: 0), seq: 1) + seal.seal(.end(step: 0, seconds: 0.5), seq: 2)
        // Feed it one byte at a time: every boundary is a chunk boundary once.
        var reader = EventChannelReader(key: key)
        var items: [EventChannelReader.Item] = []
        for byte in stream { items += reader.feed(Data([byte])) }
        items += reader.finish()
        XCTAssertEqual(items, [.event(.start(steps: 1, pid: 9)), .event(.begin(step: 0)), .event(.end(step: 0, seconds: 0.5))])
    }

    func testEventChannelRefusesForgedRepeatedMalformedAndEndlessLines() {
        let key = [UInt8](repeating: 7, count: 32)
        let seal = EventSeal(key: key)
        func read(_ bytes: [UInt8]) -> [EventChannelReader.Item] {
            var reader = EventChannelReader(key: key)
            return reader.feed(Data(bytes)) + reader.finish()
        }
        // Sealed with another key: what lesson code that guessed the format would write.
        let forged = EventSeal(key: [UInt8](repeating: 8, count: 32)).seal(.done, seq: 0)
        XCTAssertEqual(read(forged), [.violation("a line on the event channel does not carry the runtime's seal (a forged event)")])
        // A genuine line sent twice (replayed from a stolen copy of the stream).
        let begin = seal.seal(.begin(step: 0), seq: 0)
        XCTAssertEqual(read(begin + begin), [.event(.begin(step: 0)),
                                             .violation("event number 0 arrived where number 1 was due (repeated or forged events)")])
        XCTAssertEqual(read(Array("{\"e\":\"check\",\"passed\":true}\n".utf8)), [.violation("a malformed line on the event channel")])
        XCTAssertEqual(read(Array(begin.dropLast())), [.event(.begin(step: 0))].dropLast() + [.violation("the event stream ends in the middle of a line")])
        // An endless line is cut off at the limit, in linear time, and nothing after it counts.
        var reader = EventChannelReader(key: key)
        var items: [EventChannelReader.Item] = []
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 4096)
        let started = Date()
        for _ in 0..<200 { items += reader.feed(chunk) }
        items += reader.feed(Data(seal.seal(.done, seq: 0)))
        XCTAssertEqual(items, [.violation("an event line longer than \(RuntimeChannel.maxLineLength) bytes")])
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testHMACKnownAnswer() {
        // RFC 4231, test case 2.
        let tag = HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        XCTAssertEqual(tag.map { String(format: "%02x", $0) }.joined(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testTheProtocolOrderIsEnforced() throws {
        let lesson = try LessonParser.parse(text: "# A\n```swift\nprint(1)\n```\n\n```swift\n//| check: c\nprint(2)\n```\n", path: "lessons/a.md")
        func recorder(_ events: [RuntimeEvent]) -> RunRecorder {
            let recorder = RunRecorder(lesson: lesson, expectedCompileErrors: [:], backtraces: FileManager.default.temporaryDirectory)
            events.forEach(recorder.record)
            return recorder
        }
        let good = recorder([.start(steps: 2, pid: 1), .begin(step: 0), .end(step: 0, seconds: 0), .begin(step: 1),
                             .check(step: 1, passed: true, message: "m", line: 3), .end(step: 1, seconds: 0), .done])
        XCTAssertNil(good.tampering)
        XCTAssertEqual(good.results[1].checks.map(\.passed), [true])
        let cases: [([RuntimeEvent], String)] = [
            ([.start(steps: 2, pid: 1), .begin(step: 1)], "`begin` of step 2 out of order"),
            ([.start(steps: 2, pid: 1), .begin(step: 0), .end(step: 0, seconds: 0), .end(step: 0, seconds: 0)], "`end` of step 1, which is not running"),
            ([.start(steps: 2, pid: 1), .begin(step: 0), .check(step: 0, passed: true, message: "m", line: 1)], "a check for step 1 outside that check step"),
            ([.start(steps: 2, pid: 1), .begin(step: 0), .check(step: 1, passed: true, message: "m", line: 1)], "a check for step 2 outside that check step"),
            ([.start(steps: 2, pid: 1), .begin(step: 0), .end(step: 0, seconds: 0), .done], "`done` before the last step ended"),
            ([.start(steps: 2, pid: 1), .metric(name: "a", value: "1")], "a metric sent outside any step"),
            ([.start(steps: 2, pid: 1), .start(steps: 2, pid: 1)], "a second `start` event"),
            ([.start(steps: 2, pid: 1), .tampered(reason: "lesson code called LessonProgram.start")], "lesson code called LessonProgram.start"),
        ]
        for (events, reason) in cases {
            XCTAssertEqual(recorder(events).tampering?.message, "tampered: \(reason); nothing the program reported from here on counts", "\(events)")
        }
    }

    func testCompilerDiagnostics() {
        let output = """
            lessons/x.md:12:5: error: cannot find 'foo' in scope
            10 | let a = 1
               |     `- error: cannot find 'foo' in scope
            lessons/x.md:3:1: warning: unused
            /tmp/work/main.swift:8:5: error: invalid redeclaration of 'epochs'
            error: emit-module command failed with exit code 1 (use -v to see invocation)
            """
        let errors = CompilerDiagnostics.errors(in: output, lessonPath: "lessons/x.md", generatedFile: "/tmp/work/main.swift")
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(errors[0].location, "lessons/x.md:12:5")
        XCTAssertEqual(errors[0].message, "cannot find 'foo' in scope")
        // The excerpt keeps the lesson's own lines only: no line of the generated program, no driver noise.
        XCTAssertEqual(errors[0].detail, "lessons/x.md:12:5: error: cannot find 'foo' in scope\n  |     `- error: cannot find 'foo' in scope\nlessons/x.md:3:1: warning: unused")
        XCTAssertEqual(errors[1].location, "lessons/x.md")
        XCTAssertEqual(errors[1].message, "in the generated program: invalid redeclaration of 'epochs'")
    }

    func testLinkerFailuresNameTheToolAndTheReason() {
        let output = """
            /usr/bin/ld.gold: fatal error: /cache/bin/x/.tmp-1/program: No space left on device
            clang: error: linker command failed with exit code 1 (use -v to see invocation)
            <unknown>:0: error: link command failed with exit code 1 (use -v to see invocation)
            """
        let errors = CompilerDiagnostics.errors(in: output, lessonPath: "lessons/x.md", generatedFile: "/tmp/work/main.swift")
        XCTAssertEqual(errors.map(\.message), ["ld.gold: /cache/bin/x/.tmp-1/program: No space left on device"])
        XCTAssertEqual(errors[0].location, "lessons/x.md")
        let missing = CompilerDiagnostics.errors(in: "/usr/bin/ld.gold: error: cannot find -lLessonKit\n",
                                                 lessonPath: "lessons/x.md", generatedFile: "/tmp/work/main.swift")
        XCTAssertEqual(missing.map(\.message), ["ld.gold: cannot find -lLessonKit"])
    }

    func testFileSystemErrorsReadAsOneLineNamingTheFinalFile() {
        let underlying = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        let full = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteOutOfSpace.rawValue, userInfo: [
            NSFilePathErrorKey: "/out/.04-resnet.tmp-0FAD8983-0197/step-5/figure-1.png", NSUnderlyingErrorKey: underlying])
        XCTAssertEqual(FileSystemErrorMessage.describe(full), "cannot write /out/04-resnet/step-5/figure-1.png: No space left on device")
        let unreadable = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileReadNoPermission.rawValue,
                                 userInfo: [NSFilePathErrorKey: "/data/x.bin", NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])
        XCTAssertEqual(FileSystemErrorMessage.describe(unreadable), "cannot read /data/x.bin: Permission denied")
        XCTAssertNil(FileSystemErrorMessage.describe(CompilerError.cannotStore("x")), "not a file-system error")
        XCTAssertEqual(FileSystemErrorMessage.finalPath("/c/runs/l1/.tmp-21EE/run.json"), "/c/runs/l1/.tmp-21EE/run.json")
        XCTAssertEqual(FileSystemErrorMessage.finalPath("/o/.index.html.tmp-9F"), "/o/index.html")
    }

    func testCrashReportFindsTheMarkdownFrame() throws {
        let backtrace = """
            *** Program crashed: Illegal instruction at 0x00007f57e336df7f ***

            Thread 0 "program" crashed:

              0      0x00007f57e336df7f closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
              1 [ra] 0x00007f57e34f961f specialized Array.subscript.getter + 84 in libswiftSwiftOnoneSupport.so
              2 [ra] 0x0000556f81de7a33 helper() + 20 in program at lessons/other.md:3:1
              3 [ra] 0x0000556f81de7a33 main + 994 in program at lessons/x.md:14:10
            """
        let step = Step(index: 1, code: "", line: 12, options: StepOptions())
        let output = "in step\nSwift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range\n\n*** Signal 4: Backtracing from 0x7f57e336df7f... done ***\n\n"
        let report = CrashReport.diagnose(output: output, backtrace: backtrace, signal: 4, lessonPath: "lessons/x.md", step: step)
        XCTAssertEqual(report.output, "in step\n")
        XCTAssertEqual(report.error.location, "lessons/x.md:14:10")
        XCTAssertEqual(report.error.message, "Fatal error: Index out of range")

        let segfault = CrashReport.diagnose(output: "", backtrace: nil, signal: SIGSEGV, lessonPath: "lessons/x.md", step: step)
        XCTAssertEqual(segfault.error.line, 12, "without a backtrace the error sits at the step")
        XCTAssertEqual(segfault.error.message, "crashed: Segmentation fault")
    }

    func testOutputBetweenStepsStaysWithTheStepThatJustEnded() throws {
        let lesson = try LessonParser.parse(text: "# A\n```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n", path: "lessons/a.md")
        let recorder = RunRecorder(lesson: lesson, expectedCompileErrors: [:], backtraces: FileManager.default.temporaryDirectory)
        recorder.record(.start(steps: 2, pid: 1))
        recorder.record(.begin(step: 0))
        recorder.record(output: Data("1\n".utf8))
        recorder.record(.end(step: 0, seconds: 0))
        recorder.record(output: Data("from a background thread\n".utf8))
        recorder.record(.begin(step: 1))
        recorder.record(output: Data("2\n".utf8))
        recorder.record(.end(step: 1, seconds: 0))
        recorder.record(output: Data("after the last step\n".utf8))
        recorder.close(termination: .exited(0), pid: 0, stop: nil)
        XCTAssertEqual(recorder.results.map(\.output), ["1\nfrom a background thread\n", "2\nafter the last step\n"])
        XCTAssertEqual(recorder.results.map(\.status), [.ok, .ok])
    }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testCacheKeyIgnoresProseAndLinesButNotCodeOrParams() throws {
        let a = try LessonParser.parse(text: "# A\n```swift\nlet x = 1\n```\n", path: "lessons/a.md")
        let b = try LessonParser.parse(text: "# A, retitled\n\nNew prose.\n\n```swift\nlet x = 1\n```\nMore.\n", path: "lessons/a.md")
        let c = try LessonParser.parse(text: "# A\n```swift\nlet x = 2\n```\n", path: "lessons/a.md")
        let key = { (lesson: Lesson, params: [ParamAssignment]) in
            CacheKey.result(lesson: lesson, params: params, buildFingerprint: "b", dataFingerprint: "d", compilerFlags: [])
        }
        XCTAssertEqual(key(a, []), key(b, []))
        XCTAssertNotEqual(key(a, []), key(c, []))
        XCTAssertNotEqual(key(a, []), key(a, [ParamAssignment(name: "n", value: .int(1), overridden: false)]))
        XCTAssertNotEqual(key(a, []), CacheKey.result(lesson: a, params: [], buildFingerprint: "b2", dataFingerprint: "d", compilerFlags: []))
        XCTAssertNotEqual(key(a, []), CacheKey.result(lesson: a, params: [], buildFingerprint: "b", dataFingerprint: "d2", compilerFlags: []))
    }

    func testLineRemapperFollowsMovedSteps() throws {
        let lesson = try LessonParser.parse(text: "# A\n\nthree\nnew\nlines\n\n```swift\nlet x = 1\nprint(x)\n```\n", path: "lessons/a.md")
        let old = LessonRun(slug: "a", title: "A", status: .failed, startedAt: Date(), duration: 0, params: [], dataSources: [],
                            engineVersion: "", metrics: [], compileErrors: [],
                            steps: [StepResult(index: 0, name: "s", status: .failed, output: "", figures: [], duration: 0,
                                               error: Diagnostic(file: "/old/a.md", line: 5, column: 3, message: "boom"),
                                               checks: [CheckResult(check: "c", passed: true, message: "", points: 1, maxPoints: 1, line: 4)])],
                            fromCache: false)
        let moved = LineRemapper.remap(old, oldStepLines: [4], lesson: lesson)
        XCTAssertEqual(moved.steps[0].error?.location, "lessons/a.md:9:3")
        XCTAssertEqual(moved.steps[0].checks[0].line, 8)
    }

    func testOutputBufferCollapsesProgressUpdatesAndCaps() {
        var buffer = OutputBuffer()
        buffer.append(Data("epoch 1: 10%\repoch 1: 50%\repoch 1: 100%\nwindows\r\nend".utf8))
        XCTAssertEqual(buffer.text, "epoch 1: 100%\nwindows\nend")

        var big = OutputBuffer()
        let line = Data(String(repeating: "x", count: 1023).utf8 + [10])
        for _ in 0..<2000 { big.append(line) }
        XCTAssertLessThan(big.text.utf8.count, 3 * OutputBuffer.halfLimit)
        XCTAssertTrue(big.text.contains("bytes of output left out"))
    }

    func testLessonLocator() throws {
        let fixtures = try FixtureProject(["01-shared-state.md", "02-index-crash.md"])
        let locator = LessonLocator(directory: fixtures.lessonsDirectory)
        XCTAssertEqual(try locator.all().map(\.lastPathComponent), ["01-shared-state.md", "02-index-crash.md"])
        XCTAssertEqual(try locator.find("2").lastPathComponent, "02-index-crash.md")
        XCTAssertEqual(try locator.find("01-shared-state").lastPathComponent, "01-shared-state.md")
        XCTAssertEqual(try locator.find("02-index-crash.md").lastPathComponent, "02-index-crash.md")
        XCTAssertEqual(try locator.find(fixtures.url("02-index-crash.md").path).lastPathComponent, "02-index-crash.md")
        XCTAssertThrowsError(try locator.find("7")) { XCTAssertTrue("\($0)".contains("no lesson `7`")) }
    }
}

/// One command at a time per project.
final class ProjectLockTests: XCTestCase {
    private func scratchProject() -> ProjectFolders {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)")
        return ProjectFolders(lessonsDirectory: root.appendingPathComponent("lessons"), environment: [:])
    }

    func testASecondCommandWaitsUntilTheFirstReleasesTheLock() throws {
        let project = scratchProject()
        defer { try? FileManager.default.removeItem(at: project.root) }
        var first: ProjectLock? = try ProjectLock(project, interruption: Interruption())
        XCTAssertNotNil(first)
        let waited = expectation(description: "the second command is told it waits, with the holder's pid")
        let acquired = expectation(description: "the second command gets the lock once the first lets go")
        let holder = getpid()
        DispatchQueue.global().async {
            let second = try? ProjectLock(project, interruption: Interruption()) { pid in
                XCTAssertEqual(pid, holder)
                waited.fulfill()
            }
            if second != nil { acquired.fulfill() }
        }
        wait(for: [waited], timeout: 10)
        first = nil
        wait(for: [acquired], timeout: 10)
    }

    func testCtrlCWhileWaitingStopsTheWait() throws {
        let project = scratchProject()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let first = try ProjectLock(project, interruption: Interruption())
        let interruption = Interruption()
        XCTAssertThrowsError(try ProjectLock(project, interruption: interruption) { _ in interruption.request() }) { error in
            XCTAssertTrue(error is Interrupted, "\(error)")
        }
        withExtendedLifetime(first) {}
    }
}
