import Foundation

/// What the runner tells the program about its data, read from the variables it set
/// (`RuntimeEnvironment`). The engine reads none of them: the generated program hands these to
/// `Engine.DataSettings` at its start (see ProgramGenerator). Nil where the runner set nothing.
public enum RunnerData {
    /// The data folder (`--data`, or the runner's own `LESSONS_DATA`).
    public static var folder: String? { value(RuntimeEnvironment.data) }
    /// The file the engine appends dataset descriptions to, for the report header.
    public static var sourceLog: String? { value(RuntimeEnvironment.dataSources) }
    /// The file the engine appends the data-folder files it opened to, for the results cache.
    public static var fileLog: String? { value(RuntimeEnvironment.dataFiles) }

    private static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
