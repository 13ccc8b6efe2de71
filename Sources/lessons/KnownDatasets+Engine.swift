import Engine
import Foundation
import Notebook

extension KnownDatasets {
    /// The engine's datasets: the names its loaders know, and `DataCatalog.fingerprint` (the
    /// dataset files' paths, sizes and dates), so adding or changing a dataset re-runs the
    /// lessons that use it.
    static let engine = KnownDatasets(names: DataCatalog.names) { names, folder in
        DataCatalog.fingerprint(for: names, dataDirectory: folder.map { URL(fileURLWithPath: $0) })
    }
}
