import Foundation

/// Reports a headline number of the lesson (final loss, test accuracy), shown in the report and
/// in the index. Reporting the same name again replaces the earlier value.
///
///     metric("test accuracy", accuracy)
public func metric(_ name: String, _ value: some CustomStringConvertible) {
    EventWriter.sendMetric(name: name, value: value.description)
}

/// Records which data the lesson ran on (one line per dataset, e.g. "MNIST: data/ (70,000
/// images)" or "CIFAR-10 not found: ran on a synthetic stand-in"); shown in the report header.
/// The engine, which cannot import this module, appends the same record to the same file
/// (`RunnerData.sourceLog`, handed to it as `DataSettings.sourceLog`).
public func dataSource(_ description: String) {
    guard let path = RunnerData.sourceLog else {
        if !EventWriter.connected { print("data: \(description)") }
        return
    }
    guard let file = fopen(path, "a") else { return }
    fputs(DataSourceRecord(description: description).line + "\n", file)
    fclose(file)
}
