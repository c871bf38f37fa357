import Foundation
import Kernel
import KernelTestSupport
import Testing
@testable import DBusBackend

/// The sd-journal log source against the sandbox's journald.
/// A follow that never delivers fails after the limit instead of holding up the whole run.
@Suite("sd-journal log source", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(3)))
struct JournalTests {
    let source = JournalLogSource()

    /// Follows `unit` (attached before it starts) until `count` lines `n=…` arrived, while `during` runs.
    func followNumbers(_ unit: String, count: Int, timeout: Duration = .seconds(60), during: @escaping @Sendable () async throws -> Void) async throws -> [Int] {
        try await withThrowingTaskGroup(of: [Int]?.self) { group in
            group.addTask {
                var numbers: [Int] = []
                for try await entry in source.follow(unit, query: LogQuery(lines: 0)) where entry.message.hasPrefix("n=") {
                    numbers.append(Int(entry.message.dropFirst(2)) ?? -1)
                    if numbers.count == count { break }
                }
                return numbers
            }
            group.addTask {
                try await during()
                try await Task.sleep(for: timeout)
                return nil
            }
            while let result = try await group.next() {
                if let numbers = result {
                    group.cancelAll()
                    return numbers
                }
            }
            return []
        }
    }

    @Test("a new unit's first lines reach a follower attached before it started, even when it exits at once")
    func firstLines() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("quick")
        try units.write("quick", "Type=oneshot\nExecStart=/bin/sh -c 'for i in 1 2 3 4 5; do echo n=$i; done'")
        try Systemd.systemctl("daemon-reload")
        let before = Self.openJournalFiles()
        let numbers = try await followNumbers(unit, count: 5) {
            // The follower has attached once it holds the journal open.
            _ = await eventually { Self.openJournalFiles() > before }
            try Systemd.systemctl("start", unit)
        }
        #expect(numbers == [1, 2, 3, 4, 5])
    }

    @Test(
        "the follow survives journal rotation, a vacuum of the rotated files and a journald restart without loss or duplicates",
        .aloneOnly("restarts journald, which disturbs every suite beside it: run alone"))
    func aloneRotationAndRestart() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("steady")
        let count = 3000
        try units.write("steady", "ExecStart=/bin/sh -c 'i=1; while [ $i -le \(count) ]; do echo n=$i; i=$((i+1)); sleep 0.002; done; exec sleep 300'\nLogRateLimitIntervalSec=1s\nLogRateLimitBurst=100000000")
        try Systemd.systemctl("daemon-reload")
        let numbers = try await followNumbers(unit, count: count) {
            try await Task.sleep(for: .milliseconds(300))
            try Systemd.systemctl("start", unit)
            try await Task.sleep(for: .seconds(1))
            try Systemd.run("/usr/bin/journalctl", "--rotate")
            try Systemd.run("/usr/bin/journalctl", "--vacuum-size=1K")
            try await Task.sleep(for: .seconds(1))
            try Systemd.systemctl("restart", "systemd-journald.service")
            try await Task.sleep(for: .seconds(1))
            try Systemd.run("/usr/bin/journalctl", "--rotate")
        }
        #expect(numbers.count == count)
        #expect(numbers == Array(1...count), "first gap near \(zip(numbers, 1...).first { $0 != $1 }.map { "\($0)" } ?? "-")")
    }

    @Test("followers joining a unit's reader mid-stream get their history, then every live line: none repeated, none skipped")
    func joinersMidStream() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("joiners")
        let count = 1500
        try units.write("joiners", "ExecStart=/bin/sh -c 'i=1; while [ $i -le \(count) ]; do echo n=$i; i=$((i+1)); sleep 0.002; done; exec sleep 300'\nLogRateLimitIntervalSec=1s\nLogRateLimitBurst=100000000")
        try Systemd.systemctl("daemon-reload")
        let source = source
        /// Follows with `query` until line `count`; returns the numbers received.
        @Sendable func collect(_ query: LogQuery) async throws -> [Int] {
            var numbers: [Int] = []
            for try await entry in source.follow(unit, query: query) where entry.message.hasPrefix("n=") {
                numbers.append(Int(entry.message.dropFirst(2)) ?? -1)
                if numbers.last == count || numbers.count > 2 * count { break }
            }
            return numbers
        }
        // The first follower is attached before the start; it records a cursor for the resuming one.
        let firstSeen = Locked<[(number: Int, cursor: String)]>([])
        let before = Self.openJournalFiles()
        let first = Task {
            var numbers: [Int] = []
            for try await entry in source.follow(unit, query: LogQuery(lines: 0)) where entry.message.hasPrefix("n=") {
                let number = Int(entry.message.dropFirst(2)) ?? -1
                numbers.append(number)
                firstSeen.withLock { $0.append((number, entry.cursor)) }
                if number == count || numbers.count > 2 * count { break }
            }
            return numbers
        }
        #expect(await eventually { Self.openJournalFiles() > before })
        try Systemd.systemctl("start", unit)
        // The others join while the unit writes: with all its history, and after line 300's cursor.
        #expect(await eventually { firstSeen.withLock { $0.count } >= 300 })
        let cursor = firstSeen.withLock { $0[299].cursor }
        async let everything = collect(LogQuery(lines: 10_000))
        async let resumed = collect(LogQuery(lines: 10_000, afterCursor: cursor))
        #expect(await eventually { firstSeen.withLock { $0.count } >= 900 })
        async let late = collect(LogQuery(lines: 10_000))
        let all = Array(1...count)
        #expect(try await first.value == all)
        #expect(try await everything == all)
        #expect(try await resumed == Array(301...count))
        #expect(try await late == all)
    }

    @Test("a follower resuming after a cursor, on a reader of its own (the last one left), starts right after that entry")
    func resumeOnFreshReader() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("resume")
        try units.write("resume", "ExecStart=/bin/sh -c 'i=1; while [ $i -le 400 ]; do echo n=$i; i=$((i+1)); sleep 0.01; done; exec sleep 300'")
        try Systemd.systemctl("daemon-reload")
        try Systemd.systemctl("start", unit)
        var cursor = ""
        for try await entry in source.follow(unit, query: LogQuery(lines: 10_000)) where entry.message == "n=50" {
            cursor = entry.cursor
            break
        }
        // The first follower has gone, so its reader too: the next one starts a new reader.
        var numbers: [Int] = []
        for try await entry in source.follow(unit, query: LogQuery(lines: 10_000, afterCursor: cursor)) where entry.message.hasPrefix("n=") {
            numbers.append(Int(entry.message.dropFirst(2)) ?? -1)
            if numbers.last == 400 || numbers.count > 400 { break }
        }
        #expect(numbers == Array(51...400))
    }

    @Test("binary and multi-byte messages are read as text")
    func binaryMessage() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("binary")
        try units.write("binary", "Type=oneshot\nExecStart=/bin/sh -c 'printf \"caf\\\\303\\\\251 \\\\001\\\\377 end\\\\n\"'")
        try Systemd.systemctl("daemon-reload")
        try Systemd.systemctl("start", unit)
        var page = LogPage(entries: [], cursor: nil)
        for _ in 0..<50 {
            page = try await source.history(of: unit, query: LogQuery(lines: 5, grep: "end"))
            if !page.entries.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let message = try #require(page.entries.first?.message)
        #expect(message.hasPrefix("café "))
        #expect(message.hasSuffix(" end"))
    }

    /// Journal files this process has open now (every suite's readers, not only this one's).
    static func openJournalFiles() -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) ?? "").hasSuffix(".journal") }.count
    }

    @Test("twenty followers of one unit share one journal reader; it closes when the last leaves",
          .aloneOnly("counts this process's open journal files, which suites beside it open and close too"))
    func aloneOneReaderPerUnit() async throws {
        try SystemdEnvironment.check()
        let units = TestUnits()
        defer { try? units.removeAll() }
        let unit = units.unit("shared")
        try units.write("shared", "Type=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c 'echo n=1; echo n=2; echo n=3'")
        try Systemd.systemctl("daemon-reload")
        try Systemd.systemctl("start", unit)
        #expect(await eventually { (try? await source.history(of: unit, query: LogQuery(lines: 10, grep: "n=3")))?.entries.count == 1 })
        let openJournalFiles = Self.openJournalFiles
        let before = openJournalFiles()
        /// A follower that counts the lines it received.
        func follower(_ query: LogQuery, into received: Locked<Int>) -> Task<Void, any Error> {
            let stream = source.follow(unit, query: query)
            return Task { for try await entry in stream where entry.message.hasPrefix("n=") { received.withLock { $0 += 1 } } }
        }
        let firstReceived = Locked(0)
        var followers = [follower(LogQuery(lines: 10), into: firstReceived)]
        #expect(await eventually { firstReceived.withLock { $0 } == 3 })
        let oneReader = openJournalFiles() - before
        #expect(oneReader > 0)
        let othersReceived = Locked(0)
        for index in 1..<20 {
            followers.append(follower(LogQuery(lines: 10, maxPriority: index % 2 == 0 ? 6 : nil, grep: index % 3 == 0 ? "n=" : nil), into: othersReceived))
        }
        #expect(await eventually { othersReceived.withLock { $0 } == 19 * 3 }, "every follower got the unit's three lines")
        #expect(openJournalFiles() - before == oneReader, "the followers share the first one's journal files")
        for task in followers { task.cancel() }
        #expect(await eventually { openJournalFiles() == before })
    }

    @Test("ending the iteration releases the journal handle and its thread",
          .aloneOnly("counts this process's open journal files, which suites beside it open and close too"))
    func aloneReleases() async throws {
        try SystemdEnvironment.check()
        let openJournalFiles = Self.openJournalFiles
        let before = openJournalFiles()
        for _ in 0..<3 {
            let stream = source.follow("siax-dbt-none.service", query: LogQuery(lines: 1))
            let task = Task { for try await _ in stream {} }
            #expect(await eventually { openJournalFiles() > before })
            task.cancel()
        }
        #expect(await eventually { openJournalFiles() == before })
    }
}
