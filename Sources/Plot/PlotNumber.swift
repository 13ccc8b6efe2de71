/// A number a figure can plot: `Double`, `Float`, `Int` and the other standard numeric types,
/// so lesson code passes its arrays as they are (`[Float]` losses, `[Int]` epochs).
public protocol PlotNumber {
    /// The value as a `Double`.
    var plotValue: Double { get }
}

extension Double: PlotNumber { public var plotValue: Double { self } }
extension Float: PlotNumber { public var plotValue: Double { Double(self) } }
extension Int: PlotNumber { public var plotValue: Double { Double(self) } }
extension Int32: PlotNumber { public var plotValue: Double { Double(self) } }
extension Int64: PlotNumber { public var plotValue: Double { Double(self) } }
extension UInt8: PlotNumber { public var plotValue: Double { Double(self) } }
extension UInt32: PlotNumber { public var plotValue: Double { Double(self) } }
extension UInt: PlotNumber { public var plotValue: Double { Double(self) } }

extension Sequence where Element: PlotNumber {
    /// The values as `Double`s.
    var doubles: [Double] { map(\.plotValue) }
}
