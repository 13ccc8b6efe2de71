import Foundation

// The contract between a generated lesson program and the runner that started it.
// The runner (module Notebook) imports these same declarations, so the two sides cannot drift.
//
// Channel: the program's stdout and stderr are one pipe. Events travel in-band on stdout as
// single lines `<RS>lessons:{json}\n` (RS = U+001E); everything else on the pipe is the output
// of the step that is running. Because events and output share one ordered stream, and stdout is
// flushed before every event, a crash in step k leaves the runner with everything before it.

/// Environment variables the runner sets for the program (and that the runtime sets for steps).
public enum RuntimeEnvironment {
    /// "1" when a runner reads the event stream; otherwise events are printed as readable headers.
    public static let runner = "LESSONS_RUNNER"
    /// Folder for this run's artifacts; step k (1-based) gets `step-k/` inside it.
    public static let artifacts = "LESSONS_ARTIFACTS"
    /// Set by the runtime at each step start to that step's figure folder; `Figure.show()` writes
    /// `figure-<n>.png` there.
    public static let figures = "LESSONS_FIGURES"
    /// In step mode: a file descriptor the program reads one line from before each step
    /// (`run` or `quit`).
    public static let controlFD = "LESSONS_CONTROL_FD"
    /// A file to which data-loading code appends one line per dataset it used
    /// ("MNIST: data/ (70,000 images)"); the runner shows the lines in the report header.
    public static let dataSources = "LESSONS_DATA_SOURCES"
    /// The data folder chosen with `--data` (read by the engine's dataset loaders).
    public static let data = "LESSONS_DATA"
}

/// One event the program sends to the runner.
public struct RuntimeEvent: Codable, Equatable, Sendable {
    /// start, ready, begin, end, metric, check, thrown, expected-error, done
    public var e: String
    public var step: Int?
    public var steps: Int?
    public var seconds: Double?
    public var name: String?
    public var value: String?
    public var passed: Bool?
    public var message: String?
    public var line: Int?
    /// For expected-error: crashed, threw, exited, completed.
    public var outcome: String?
    public var pid: Int32?
    public var signal: Int32?
    public var status: Int32?

    public init(_ e: String) { self.e = e }
}

/// Prefix of an event line; U+001E (record separator) never appears in ordinary output.
public let eventMarker = "\u{1E}lessons:"
