import Kernel
import Testing
@testable import WebSocketStreams

@Suite("Encoding a streamed log entry once for all its followers")
struct RecentEntryTextsTests {
    static func entry(_ index: Int, message: String = "line") -> LogEntry {
        LogEntry(realtimeUsec: 1_795_926_362_000_000, priority: 6, message: message, pid: 1, cursor: "s=\(index)", unit: "a.service")
    }

    @Test("an entry is encoded once however many followers ask; an unequal entry under the same cursor is encoded again")
    func encodedOnce() {
        let texts = RecentEntryTexts(capacity: 4)
        var encodings = 0
        let encode: (LogEntry) -> String = { encodings += 1; return "\($0.cursor) \($0.message)" }
        for _ in 0..<50 { #expect(texts.text(of: Self.entry(1), encode: encode) == "s=1 line") }
        #expect(encodings == 1)
        #expect(texts.text(of: Self.entry(1, message: "other"), encode: encode) == "s=1 other")
        #expect(encodings == 2)
    }

    @Test("only the last `capacity` entries are kept")
    func bounded() {
        let texts = RecentEntryTexts(capacity: 4)
        var encodings = 0
        let encode: (LogEntry) -> String = { encodings += 1; return $0.cursor }
        for index in 1...5 { _ = texts.text(of: Self.entry(index), encode: encode) }
        _ = texts.text(of: Self.entry(5), encode: encode)
        #expect(encodings == 5, "the newest is kept")
        _ = texts.text(of: Self.entry(1), encode: encode)
        #expect(encodings == 6, "the oldest was dropped")
    }
}
