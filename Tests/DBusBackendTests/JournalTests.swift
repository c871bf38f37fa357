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
        "the follow survives journal rotation and a journald restart without loss or duplicates",
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
            try await Task.sleep(for: .seconds(1))
            try Systemd.systemctl("restart", "systemd-journald.service")
            try await Task.sleep(for: .seconds(1))
            try Systemd.run("/usr/bin/journalctl", "--rotate")
        }
        #expect(numbers.count == count)
        #expect(numbers == Array(1...count), "first gap near \(zip(numbers, 1...).first { $0 != $1 }.map { "\($0)" } ?? "-")")
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
