extension Step {
    /// The lines of the Markdown file the step's code occupies: from `line` to its last line of
    /// code (a final newline ends that line; it does not start another).
    public var lines: ClosedRange<Int> {
        var count = code.split(separator: "\n", omittingEmptySubsequences: false).count
        if code.hasSuffix("\n") { count -= 1 }
        return line...(line + max(count, 1) - 1)
    }
}
