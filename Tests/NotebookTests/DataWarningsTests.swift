import LessonRuntime
import XCTest
@testable import Notebook

/// Data warnings of `lessons run`: unknown dataset names at their front-matter line, and the
/// stand-in warning repeated in the final summary.
final class DataWarningsTests: XCTestCase {
    func testUnknownDatasetIsNamedWithFileAndLine() throws {
        let text = "---\ntitle: T\nparams:\n  n: 1\ndata: [mnist, cifar-10]\n---\n# T\n\n```swift\nprint(n)\n```\n"
        let lesson = try LessonParser.parse(text: text, path: "lessons/09-t.md")
        XCTAssertEqual(lesson.dataLine, 5)
        let warnings = DataWarnings.unknownDatasets(lesson, known: ["mnist", "cifar10"])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("lessons/09-t.md:5: warning: unknown dataset `cifar-10`"), warnings[0])
        XCTAssertTrue(warnings[0].contains("did you mean `cifar10`?"), warnings[0])
        XCTAssertEqual(DataWarnings.unknownDatasets(lesson, known: nil), [])
    }

    func testStandInIsRepeatedInTheSummary() {
        var run = LessonRun(slug: "04-resnet", title: "R", status: .ok, startedAt: Date(), duration: 1, params: [],
                            dataSources: [DataSourceRecord(description: "CIFAR-10 not found: ran on a synthetic stand-in (2,000 images)", kind: .synthetic)], engineVersion: "e",
                            metrics: [], compileErrors: [], steps: [], fromCache: true)
        XCTAssertEqual(DataWarnings.summary([run]),
                       ["warning: 04-resnet ran on a synthetic stand-in, not the real data: CIFAR-10 not found: ran on a synthetic stand-in (2,000 images)"])
        run.dataSources = [DataSourceRecord(description: "MNIST: data/mnist (70,000 images)", kind: .folder)]
        XCTAssertEqual(DataWarnings.summary([run]), [])
    }
}
