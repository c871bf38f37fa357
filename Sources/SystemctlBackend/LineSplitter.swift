/// Splits a byte stream into lines at `\n`, across chunk boundaries.
///
/// A line longer than `maxLineLength` is dropped whole (and counted), so one
/// runaway line cannot grow memory without bound.
struct LineSplitter {
    /// Lines dropped for being too long.
    private(set) var droppedLines = 0
    private var pending: [UInt8] = []
    private var discarding = false
    private let maxLineLength: Int

    init(maxLineLength: Int) {
        self.maxLineLength = maxLineLength
    }

    /// Feeds a chunk; returns the lines it completed, without their `\n`.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            append(chunk[start..<newline])
            if !discarding { lines.append(pending) }
            pending.removeAll(keepingCapacity: true)
            discarding = false
            start = newline + 1
        }
        append(chunk[start...])
        return lines
    }

    /// The unterminated last line, if any, once the stream has ended.
    mutating func finish() -> [UInt8]? {
        defer { pending = []; discarding = false }
        return pending.isEmpty || discarding ? nil : pending
    }

    private mutating func append(_ bytes: Slice<UnsafeRawBufferPointer>) {
        guard !discarding else { return }
        if pending.count + bytes.count > maxLineLength {
            discarding = true
            droppedLines += 1
            pending.removeAll()
        } else {
            pending.append(contentsOf: bytes)
        }
    }
}
