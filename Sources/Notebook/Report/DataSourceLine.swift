import LessonRuntime

/// A line saying where a run's data came from, flagged when it announces a synthetic stand-in.
struct DataSourceLine {
    var text: String
    var synthetic: Bool

    init(_ record: DataSourceRecord) {
        text = record.description
        synthetic = record.isSynthetic
    }
}
