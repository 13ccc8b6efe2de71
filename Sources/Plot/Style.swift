/// The look of every figure in one place: font sizes in points, line widths, spacing.
/// (A 640 x 400 point figure is written as a 1280 x 800 pixel PNG.)
enum Style {
    static let titleFont = 13.0
    static let figureTitleFont = 14.0
    static let labelFont = 11.0
    static let tickFont = 9.5
    static let legendFont = 9.5
    static let captionFont = 9.5
    static let annotationFont = 10.5
    static let noteFont = 9.5

    static let axisColor = Color(hex: 0x4d4d4d)
    static let tickLabelColor = Color(hex: 0x333333)
    static let gridColor = Color(hex: 0xe5e5e5)
    static let mutedText = Color(hex: 0x8c8c8c)
    static let legendBorder = Color(hex: 0xd0d0d0)

    static let axisWidth = 0.9
    static let gridWidth = 0.7
    static let tickLength = 4.0
    static let tickPad = 3.0
    static let lineWidth = 1.8
    static let markerRadius = 2.6
    static let scatterRadius = 3.0

    /// Space around a panel's contents.
    static let padding = 8.0
    /// Gap between axis labels and tick labels, title and plot.
    static let gap = 6.0
    /// Fraction of the data span added on each side of a line or scatter plot.
    static let margin = 0.05
}
