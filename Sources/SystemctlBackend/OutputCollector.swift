import Subprocess

/// Reads a subprocess's output stream to its end, keeping at most `limit`
/// bytes and draining the rest so the child never blocks on a full pipe.
struct OutputCollector {
    /// The kept bytes.
    private(set) var bytes: [UInt8] = []
    /// Whether bytes past the limit were dropped.
    private(set) var truncated = false
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Adds a chunk, keeping what fits under the limit.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        let room = limit - bytes.count
        if chunk.count > room { truncated = true }
        if room > 0 { bytes.append(contentsOf: chunk.prefix(room)) }
    }

    /// The kept bytes as text; invalid UTF-8 becomes U+FFFD.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Collects a whole stream.
    static func collect(_ stream: SubprocessOutputSequence, limit: Int) async throws -> OutputCollector {
        var collector = OutputCollector(limit: limit)
        for try await buffer in stream {
            buffer.withUnsafeBytes { collector.append($0) }
        }
        return collector
    }
}
