import XCTest
@testable import Plot

/// Round tick numbers and their labels.
final class TicksTests: XCTestCase {
    func testNiceLinearTicks() {
        XCTAssertEqual(Ticks.linear(0, 1, target: 5).labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(Ticks.linear(0.03, 2.17, target: 5).values, [0.5, 1.0, 1.5, 2.0])
        XCTAssertEqual(Ticks.linear(-3, 97, target: 5).labels, ["0", "20", "40", "60", "80"])
        XCTAssertEqual(Ticks.linear(0, 1, target: 4).labels, ["0.00", "0.25", "0.50", "0.75", "1.00"])
        XCTAssertEqual(Ticks.linear(-1.2, 1.2, target: 5).labels, ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
        // 0.1 + 0.2 style drift must not show up in labels.
        XCTAssertEqual(Ticks.linear(0.1, 0.7, target: 6).labels, ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    func testIntegerTicksForEpochs() {
        XCTAssertEqual(Ticks.linear(0.8, 3.2, target: 8, integer: true).values, [1, 2, 3])
        XCTAssertEqual(Ticks.linear(0.8, 3.2, target: 8).labels, ["1.0", "1.5", "2.0", "2.5", "3.0"])
    }

    func testLargeAndSmallValuesShareAMultiplier() {
        let big = Ticks.linear(0, 300_000, target: 3)
        XCTAssertEqual(big.labels, ["0", "1", "2", "3"])
        XCTAssertEqual(big.multiplier, "×10⁵")
        let small = Ticks.linear(0, 0.0004, target: 4)
        XCTAssertEqual(small.labels, ["0", "1", "2", "3", "4"])
        XCTAssertEqual(small.multiplier, "×10⁻⁴")
    }

    func testLogTicks() {
        let wide = Ticks.log(1e-4, 10, target: 6)
        XCTAssertEqual(wide.values.count, 6)
        XCTAssertEqual(wide.labels, ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"])
        let plain = Ticks.log(0.5, 2000, target: 6)
        XCTAssertEqual(plain.labels, ["1", "10", "100", "1000"])
        let narrow = Ticks.log(0.04, 1.6, target: 5)
        XCTAssertEqual(narrow.labels, ["0.05", "0.1", "0.2", "0.5", "1"])
    }

    func testCompactNumbers() {
        XCTAssertEqual(Ticks.compact(3), "3")
        XCTAssertEqual(Ticks.compact(0.8123), "0.812")
        XCTAssertEqual(Ticks.compact(-2.5), "−2.5")
        XCTAssertEqual(Ticks.compact(.nan), "nan")
        XCTAssertEqual(Ticks.compact(1.5e-7), "1.50e−07")
    }

    func testDegenerateRangesGiveNoCrash() {
        XCTAssertEqual(Ticks.niceValues(1, 1, target: 5), [1])
        XCTAssertEqual(Ticks.niceValues(.nan, 1, target: 5), [])
        XCTAssertEqual(Ticks.log(0, 1, target: 5).values, [])
    }
}
