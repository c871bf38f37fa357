import Foundation

/// One row of `scripts/bench`'s summary table: a figure, the baseline measured in
/// the same run, their ratio and the target (`pass` nil: for context, no target).
struct Figure: Encodable, Sendable {
    var figure: String
    var value: String
    var baseline: String
    var ratio: String
    var target: String
    var pass: Bool?
}

/// Appends figures as JSON lines to the file of `--results FILE` (nothing without one).
struct ResultsFile: Sendable {
    let path: String?

    /// Appends one row.
    func record(_ figure: Figure) {
        guard let path, var line = try? JSONEncoder().encode(figure) else { return }
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }

    /// `12.3x`-style text of a ratio.
    static func times(_ ratio: Double, digits: Int = 1) -> String { String(format: "%.\(digits)fx", ratio) }
}
