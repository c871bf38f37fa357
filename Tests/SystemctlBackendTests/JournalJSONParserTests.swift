import Foundation
import Kernel
import Testing
@testable import SystemctlBackend

@Suite("journal JSON parser")
struct JournalJSONParserTests {
    @Test("real entries: cursor, time, priority, pid, unit, in journal order")
    func realEntries() throws {
        let entries = try Fixture.lines("journal-h3-logger.json").compactMap { JournalJSONParser.entry(from: $0) }
        #expect(entries.count == 8)
        let first = entries[0]
        #expect(first.message == "an error line")
        #expect(first.priority == 3)
        #expect(first.level == .error)
        #expect(first.pid == 431)
        #expect(first.unit == "h3-logger.service")
        #expect(first.realtimeUsec == 1_795_933_260_153_342)
        #expect(first.cursor.hasPrefix("s=f858c1ddd32a4463b3580bfed708a67c;i=5b;"))
        #expect(entries[1].message == "a warning with = and \"quotes\"")
        #expect(entries[1].level == .warning)
        #expect(entries[4].message == "ERROR: python style")
        #expect(entries[4].priority == 6)
    }

    @Test("a non-UTF-8 MESSAGE (array of bytes) is decoded lossily")
    func bytes() throws {
        let entry = try #require(JournalJSONParser.entry(from: try Fixture.lines("journal-h3-logger.json")[2]))
        #expect(entry.message == "\u{FFFD}\u{FFFD} not utf-8")
    }

    @Test("a long line is whole with --all, and null without it")
    func longLine() throws {
        let long = try #require(JournalJSONParser.entry(from: try Fixture.lines("journal-h3-logger.json")[3]))
        #expect(long.message.count == 5000)
        let null = try #require(JournalJSONParser.entry(from: try Fixture.lines("journal-without-all.json")[0]))
        #expect(null.message == "")
    }

    @Test("systemd's own lines about the unit carry UNIT=, not _SYSTEMD_UNIT=")
    func systemdLines() throws {
        let entries = try Fixture.lines("journal-h3-logger.json").compactMap { JournalJSONParser.entry(from: $0) }
        #expect(entries[6].unit == "h3-logger.service")
        #expect(entries[6].pid == 1)
        #expect(entries[7].message == "Finished h3-logger.service.")
        #expect(JournalJSONParser.entry(from: try Fixture.lines("journal-h3-logger.json")[6], unit: "x.service")?.unit == "x.service")
    }

    @Test("a field written twice becomes lines; missing PRIORITY is info; junk is skipped")
    func oddShapes() {
        let line = #"{"__CURSOR":"c1","__REALTIME_TIMESTAMP":"10","MESSAGE":["one","two"],"_PID":"7"}"#
        let entry = JournalJSONParser.entry(from: Array(line.utf8))
        #expect(entry?.message == "one\ntwo")
        #expect(entry?.priority == 6)
        #expect(entry?.unit == "")
        #expect(JournalJSONParser.entry(from: Array(#"{"MESSAGE":"no cursor"}"#.utf8)) == nil)
        #expect(JournalJSONParser.entry(from: Array("-- No entries --".utf8)) == nil)
    }
}
