/// A rectangle in figure coordinates (logical points, y growing downward).
struct Rect: Equatable {
    var x: Double, y: Double, width: Double, height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given amounts on each side (never below zero size).
    func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top,
             width: max(0, width - left - right), height: max(0, height - top - bottom))
    }

    func inset(_ d: Double) -> Rect { inset(left: d, top: d, right: d, bottom: d) }

    func contains(x px: Double, y py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }
}

/// A point in figure coordinates.
struct Point: Equatable {
    var x: Double, y: Double
}
