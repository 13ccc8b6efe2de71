import Foundation

// The contract between a generated lesson program and the runner that started it. The runner
// (module Notebook) imports these same declarations, so the two sides cannot drift.
//
// Channels (descriptors the runner gives the program, `RuntimeChannel`):
// - stdout and stderr are one pipe and carry only the lesson's output: nothing printed there is
//   ever read as an event, however it looks.
// - events travel on their own pipe, one sealed line each (`EventSeal`): a sequence number, the
//   event as JSON and an HMAC-SHA256 tag under a key the runner hands over once, on a pipe the
//   runtime reads and closes before the first line of lesson code runs. A line the lesson's own
//   code writes there (it can reach the descriptor through /proc/self/fd) fails the seal or the
//   sequence, and the runner marks the run tampered.
// - control: before each step the runtime sends `begin` and waits for a line from the runner
//   (`run`, or `quit` in step mode). The runner answers only after it has taken in all output
//   written before the event, so output is attributed to the right step although it travels on
//   another pipe.
//
// Only the generated scaffolding holds the `LessonSession` that `begin`, `end`, `checks` and
// `finish` require, under a name the lesson's code cannot know (see ProgramGenerator).

/// Environment variables the runner sets for the program (and that the runtime sets for steps).
public enum RuntimeEnvironment {
    /// "1" when a runner reads the channels; otherwise events are printed as readable headers.
    public static let runner = "LESSONS_RUNNER"
    /// Folder for this run's artifacts; step k (1-based) gets `step-k/` inside it.
    public static let artifacts = "LESSONS_ARTIFACTS"
    /// Set by the runtime at each step start to that step's figure folder; `Figure.show()` writes
    /// `figure-<n>.png` there.
    public static let figures = "LESSONS_FIGURES"
    /// A file to which data-loading code appends one `DataSourceRecord` line per dataset it
    /// used; the runner shows them in the report header.
    public static let dataSources = "LESSONS_DATA_SOURCES"
    /// The data folder chosen with `--data` (handed to the engine's dataset loaders).
    public static let data = "LESSONS_DATA"
    /// A file to which the engine appends every data-folder file the program opened (datasets,
    /// checkpoints, `dataFile`); a cached result is reused only while those files are unchanged.
    public static let dataFiles = "LESSONS_DATA_FILES"
}

/// The descriptors of a connected program.
public enum RuntimeChannel {
    /// Runner → program: one line (`run` or `quit`) answering each `begin`.
    public static let control: Int32 = 3
    /// Program → runner: sealed event lines.
    public static let events: Int32 = 4
    /// Runner → program: the seal's key (`keyLength` bytes), read once at start, then closed.
    public static let key: Int32 = 5
    public static let keyLength = 32
    /// Longest event line the runner accepts; a longer one is a violation, not a reason to buffer.
    public static let maxLineLength = 64 * 1024
}

/// One event the program sends to the runner.
public enum RuntimeEvent: Codable, Equatable, Sendable {
    /// The program started; it has `steps` steps. `pid` is its process id as it sees it (in a
    /// sandbox's PID namespace, not the runner's), which names its crash backtrace.
    case start(steps: Int, pid: Int32)
    /// Step `step` (0-based) begins; the program waits for the runner's answer.
    case begin(step: Int)
    /// Step `step` ended normally after `seconds`.
    case end(step: Int, seconds: Double)
    /// A headline number (`metric(name, value)`).
    case metric(name: String, value: String)
    /// A `check(…)` made by the master's code of check step `step`, at Markdown line `line`.
    case check(step: Int, passed: Bool, message: String, line: Int)
    /// How the isolated copy of `expect: error` step `step` ended.
    case expectedError(step: Int, outcome: ExpectedErrorOutcome)
    /// The runtime saw its scaffolding misused by lesson code (a second `start`, a session that
    /// is not the program's).
    case tampered(reason: String)
    /// The last step ended.
    case done
}

/// How the forked copy running an `expect: error` step ended.
public enum ExpectedErrorOutcome: Codable, Equatable, Sendable {
    case crashed(signal: Int32, pid: Int32)
    case threw(message: String)
    case exited(status: Int32)
    case completed
    /// The step could not be isolated (fork failed).
    case notRun(reason: String)
}

/// Seals and opens event lines: `<64 hex tag> <json>\n`, the JSON being `{"seq":N,"event":…}`
/// and the tag HMAC-SHA256(key, json).
public struct EventSeal: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    private struct Frame: Codable {
        var seq: Int
        var event: RuntimeEvent
    }

    /// The line for event number `seq`, with its newline.
    public func seal(_ event: RuntimeEvent, seq: Int) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = Array((try? encoder.encode(Frame(seq: seq, event: event))) ?? Data())
        let tag = HMAC.sha256(key: key, message: json)
        return Array(Self.hex(tag).utf8) + [UInt8(ascii: " ")] + json + [UInt8(ascii: "\n")]
    }

    /// Why a line is not a genuine event.
    public enum Failure: Error, Equatable {
        case malformed
        case badSeal
    }

    /// The sequence number and event of `line` (without its newline), if its seal holds.
    public func open(_ line: ArraySlice<UInt8>) throws -> (seq: Int, event: RuntimeEvent) {
        guard line.count > 65, line[line.startIndex + 64] == UInt8(ascii: " "),
              let tag = Self.unhex(line.prefix(64)) else { throw Failure.malformed }
        let json = Array(line.dropFirst(65))
        guard HMAC.equal(tag, HMAC.sha256(key: key, message: json)) else { throw Failure.badSeal }
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(json)) else { throw Failure.malformed }
        return (frame.seq, frame.event)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { let h = String($0, radix: 16); return h.count == 1 ? "0" + h : h }.joined()
    }

    static func unhex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex {
            guard let hi = nibble(text[i]), let lo = nibble(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
