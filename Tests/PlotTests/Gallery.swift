import XCTest
import Foundation
@testable import Plot
import ImageIO

/// Example figures of every kind, shared by the tests; with PLOT_GALLERY=<folder> set,
/// `testWriteGallery` writes them there to look at.
enum Gallery {
    static var lossCurves: Figure {
        let epochs = Array(1...20)
        let train = epochs.map { 2.3 * exp(-Double($0) / 5) + 0.05 }
        let valid = epochs.map { 2.3 * exp(-Double($0) / 6) + 0.12 + 0.002 * Double($0) }
        return Figure(title: "Loss")
            .line(train, x: epochs, label: "train")
            .line(valid, x: epochs, label: "valid", dashed: true)
            .xlabel("epoch").ylabel("cross-entropy")
    }

    static var twoPanels: Figure {
        let fig = Figure(rows: 1, columns: 2, title: "Training")
        let steps = Array(0..<200)
        let loss: [Float] = steps.map { Float(1.5 * exp(-Double($0) / 40) + 0.1 * sin(Double($0) / 3) * exp(-Double($0) / 80) + 0.05) }
        fig[0].line(loss, label: "batch loss").title("loss").xlabel("step").logY()
        fig[1].line([0.52, 0.81, 0.88, 0.91, 0.925], x: [1, 2, 3, 4, 5], label: "test", markers: true)
            .hline(0.1, label: "chance").title("accuracy").xlabel("epoch").ylim(0, 1)
        return fig
    }

    static var scatter: Figure {
        var xs = [Double](), ys = [Double](), groups = [Int]()
        var seed: UInt64 = 42
        func rand() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) }
        for g in 0..<3 {
            for _ in 0..<60 {
                let r = rand() * 1.2, a = rand() * 2 * .pi
                xs.append(Double(g) * 2.5 + r * cos(a)); ys.append(Double(g % 2) * 2 + r * sin(a))
                groups.append(g)
            }
        }
        return Figure(title: "Embedding").scatter(x: xs, y: ys, groups: groups, names: ["cat", "dog", "bird"])
            .xlabel("component 1").ylabel("component 2")
    }

    static var bars: Figure {
        let classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
        return Figure(title: "Per-class accuracy")
            .bar(values: [0.81, 0.88, 0.62, 0.55, 0.71, 0.6, 0.83, 0.79, 0.87, 0.84], labels: classes, annotate: true)
            .ylabel("accuracy").ylim(0, 1)
    }

    /// A 28x28 "digit": a ring, CHW with one channel, values in 0...1.
    static func digit(_ k: Int) -> [Float] {
        (0..<(28 * 28)).map { i in
            let x = Double(i % 28) - 13.5, y = Double(i / 28) - 13.5
            let r = (x * x + y * y).squareRoot()
            return Float(max(0, 1 - abs(r - 6 - Double(k % 4)) / 2.5))
        }
    }

    static var grid: Figure {
        let labels = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6]
        let preds = [7, 2, 1, 0, 4, 1, 4, 8, 5, 9, 6, 6]
        return Figure(title: "Test predictions").imageGrid(
            labels.indices.map { digit($0) }, channels: 1, height: 28, width: 28,
            captions: zip(labels, preds).map { "label: \($0)\npredicted: \($1)" },
            wrong: zip(labels, preds).map { $0 != $1 })
    }

    static var rgbImage: Figure {
        var pixels = [Float](repeating: 0, count: 3 * 32 * 32)
        for y in 0..<32 { for x in 0..<32 {
            pixels[y * 32 + x] = Float(x) / 31
            pixels[1024 + y * 32 + x] = Float(y) / 31
            pixels[2048 + y * 32 + x] = 0.5
        } }
        let normalized = (0..<pixels.count).map { i -> Float in
            let c = i / 1024; let mean: [Float] = [0.485, 0.456, 0.406], std: [Float] = [0.229, 0.224, 0.225]
            return (pixels[i] - mean[c]) / std[c]
        }
        return Figure().image(normalized, channels: 3, height: 32, width: 32, title: "a gradient", normalize: .imagenet)
    }

    static var confusion: Figure {
        let classes = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"]
        let m: [[Int]] = (0..<10).map { r in (0..<10).map { c in r == c ? 850 + 11 * r : ((r * 7 + c * 3) % 11 == 0 ? 40 + r : (r + c) % 5) } }
        return Figure(title: "Confusion matrix").heatmap(m, rowLabels: classes, columnLabels: classes,
                                                        xlabel: "predicted", ylabel: "actual")
    }

    static var noData: Figure {
        Figure(title: "Empty").line([Double]()).line([Double.nan, .infinity])
    }

    static var all: [(String, Figure)] {
        [("loss", lossCurves), ("two-panels", twoPanels), ("scatter", scatter), ("bars", bars), ("grid", grid),
         ("rgb-image", rgbImage), ("confusion", confusion), ("no-data", noData)]
    }
}

final class GalleryTests: XCTestCase {
    func testWriteGallery() throws {
        guard let folder = ProcessInfo.processInfo.environment["PLOT_GALLERY"] else { throw XCTSkip("PLOT_GALLERY not set") }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, fig) in Gallery.all { try fig.save("\(folder)/\(name).png") }
    }
}

extension Gallery {
    static var groupedBars: Figure {
        Figure(title: "Before and after fine-tuning")
            .bar(values: [0.2, -0.5, 0.9, 0.4], labels: ["conv1", "conv2", "fc1", "fc2"], label: "before", annotate: true)
            .bar(values: [0.3, -0.2, 1.2, 0.1], label: "after", annotate: true)
            .ylabel("mean weight change")
    }

    static var manyCategories: Figure {
        let names = (0..<40).map { "class \($0)" }
        return Figure(title: "Class counts").bar(values: names.indices.map { 100 + ($0 * 37) % 50 }, labels: names)
    }

    static var scientific: Figure {
        let xs = (0..<50).map { Double($0) * 20_000 }
        return Figure(title: "Gradient norm").line(xs.map { 3e-5 * exp(-$0 / 4e5) + 1e-6 }, x: xs)
            .xlabel("step").ylabel("‖g‖")
    }

    static var smallFigure: Figure {
        Figure(title: "A rather long title that will not fit in a small figure at all", width: 240, height: 160)
            .line([3.0, 1, 2], label: "a label that is long too").xlabel("epoch").ylabel("loss")
    }

    static var mixedPanels: Figure {
        let fig = Figure(rows: 2, columns: 2, title: "Four panels")
        fig[0].line([1.0, 0.5, 0.3, 0.25], label: "loss").title("loss")
        fig[1].image(Gallery.digit(1), height: 28, width: 28, title: "feature map", colormap: .viridis)
        fig[2].heatmap([[0.1, 0.9], [0.75, 0.25]], title: "attention", colormap: .viridis)
        fig[3].line([Double]())
        return fig
    }

    static var bigGrid: Figure {
        let n = 32
        let captions = (0..<n).map { "label: automobile\npredicted: \($0 % 3 == 0 ? "truck" : "automobile")" }
        var images = [[Float]]()
        for k in 0..<n {
            var image = [Float](repeating: 0, count: 3 * 32 * 32)
            for i in image.indices {
                let level: Int = (i / 1024 + k + (i % 32) / 4) % 5
                image[i] = Float(level) / 4
            }
            images.append(image)
        }
        return Figure(title: "CIFAR-10 predictions").imageGrid(images, channels: 3, height: 32, width: 32, captions: captions,
                                                              wrong: (0..<n).map { $0 % 3 == 0 })
    }

    static var stress: [(String, Figure)] {
        [("grouped-bars", groupedBars), ("many-categories", manyCategories), ("scientific", scientific),
         ("small", smallFigure), ("mixed", mixedPanels), ("big-grid", bigGrid)]
    }
}

final class StressGalleryTests: XCTestCase {
    func testStressFiguresRender() throws {
        let folder = ProcessInfo.processInfo.environment["PLOT_GALLERY"]
        for (name, fig) in Gallery.stress {
            let image = fig.render()
            XCTAssertTrue(image.matches(0, 0, .white), name)
            if let folder { try PNG.write(image, path: "\(folder)/\(name).png") }
        }
    }
}
