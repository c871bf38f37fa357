import Foundation
import Kernel
import Testing

@Suite("Log entries as JSON")
struct LogEntryTests {
    @Test("the timestamp is ISO 8601 in UTC with microseconds, as printf would write it",
          arguments: [0, 1, 999_999, 1_000_000, 951_782_400_000_001, 1_795_926_362_146_527, 4_102_444_799_999_999] as [UInt64])
    func timestamp(_ usec: UInt64) {
        var seconds = time_t(usec / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let expected = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(usec % 1_000_000))
        #expect(LogEntry.iso8601Micro(usec) == expected)
    }

    @Test("an entry encodes every field and decodes back equal")
    func roundTrip() throws {
        let entry = LogEntry(realtimeUsec: 1_795_926_362_146_527, priority: 3, message: "café \"quoted\" <b>\u{1b}[31m",
                             pid: 42, cursor: "s=1;i=2", unit: "shop-api.service")
        let data = try JSONEncoder().encode(entry)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["timestamp"] as? String == "2026-11-29T04:26:02.146527Z")
        #expect(try JSONDecoder().decode(LogEntry.self, from: data) == entry)
    }
}
