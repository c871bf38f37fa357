import Foundation
import Kernel
import KernelTestSupport
import Testing

/// The log source of both backends against the sandbox's journald: history,
/// cursors, filters, and a follow that misses nothing.
/// A follow that never delivers fails after the limit instead of holding up the whole run.
@Suite("Backend log conformance", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(3)))
struct BackendLogConformanceTests {
    /// A oneshot unit that writes four lines at priorities 6, 3, 4 and (default) 6.
    static let fourLines = """
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=/bin/sh -c 'echo "<6>app: info one"; echo "<3>app: error two"; echo "<4>app: warning three"; echo "app: plain four"'
        """

    @Test("history: last N, priority, grep, cursor and since", arguments: BackendKind.allCases)
    func history(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        try await units.run {
            let unit = units.unit("lines")
            try units.write("lines", Self.fourLines)
            try await backend.reload()
            let before = Date()
            try await backend.start(unit)
            let written = await eventually {
                let page = try? await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "app: plain four"))
                return page?.entries.count == 1
            }
            #expect(written)
            let appLines = ["app: info one", "app: error two", "app: warning three", "app: plain four"]

            let all = try await backend.logs.history(of: unit, query: LogQuery(lines: 50))
            #expect(all.entries.map(\.message).filter(appLines.contains) == appLines)
            #expect(all.entries.allSatisfy { $0.unit == unit })
            #expect(all.cursor == all.entries.last?.cursor)

            let lastTwo = try await backend.logs.history(of: unit, query: LogQuery(lines: 2, grep: "app: "))
            #expect(lastTwo.entries.map(\.message) == ["app: warning three", "app: plain four"])

            let urgent = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, maxPriority: 4))
            #expect(urgent.entries.map(\.message).filter(appLines.contains) == ["app: error two", "app: warning three"])
            #expect(urgent.entries.allSatisfy { $0.priority <= 4 })
            let error = try #require(urgent.entries.first { $0.message == "app: error two" })
            #expect(error.priority == 3 && error.level == .error)

            let grep = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "r t"))
            #expect(grep.entries.map(\.message) == ["app: error two"])

            let noMatch = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "no such line"))
            #expect(noMatch.entries.isEmpty)
            let noMatchAfter = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "no such line", afterCursor: all.cursor))
            #expect(noMatchAfter.entries.isEmpty && noMatchAfter.cursor == all.cursor)

            let first = try #require(all.entries.first { $0.message == "app: info one" })
            let after = try await backend.logs.history(of: unit, query: LogQuery(lines: 2, grep: "app: ", afterCursor: first.cursor))
            #expect(after.entries.map(\.message) == ["app: warning three", "app: plain four"])
            let nothingNew = try await backend.logs.history(of: unit, query: LogQuery(lines: 10, afterCursor: all.cursor))
            #expect(nothingNew.entries.isEmpty)
            #expect(nothingNew.cursor == all.cursor)

            let since = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, since: before.addingTimeInterval(-1)))
            #expect(since.entries.map(\.message).filter(appLines.contains) == appLines)
            let future = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, since: Date().addingTimeInterval(60)))
            #expect(future.entries.isEmpty)
        }
    }

    @Test("follow attached before the start gets every line of a 20,000-line burst", arguments: BackendKind.allCases)
    func followBurst(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        let count = 20_000
        try await units.run {
            let unit = units.unit("burst")
            try units.write("burst", "ExecStart=/bin/sh -c 'seq -f n=%%.0f 1 \(count); exec sleep 600'")
            try await backend.reload()
            let numbers = try await withThrowingTaskGroup(of: [Int]?.self) { group in
                group.addTask {
                    var numbers: [Int] = []
                    for try await entry in backend.logs.follow(unit, query: LogQuery(lines: 10)) {
                        guard entry.message.hasPrefix("n=") else { continue }
                        numbers.append(Int(entry.message.dropFirst(2)) ?? -1)
                        if numbers.count == count { break }
                    }
                    return numbers
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(1))
                    try await backend.start(unit)
                    try await Task.sleep(for: .seconds(60))
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
            #expect(numbers.count == count)
            #expect(numbers == Array(1...count), "first gap near \(zip(numbers, 1...).first { $0 != $1 }.map { "\($0)" } ?? "-")")
        }
    }

    @Test("follow sends the backlog, then new entries after it", arguments: BackendKind.allCases)
    func followBacklog(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        try await units.run {
            let unit = units.unit("backlog")
            try units.write("backlog", "Type=oneshot\nExecStart=/bin/echo round")
            try await backend.reload()
            try await backend.start(unit)
            #expect(await eventually {
                (try? await backend.logs.history(of: unit, query: LogQuery(lines: 5, grep: "round")))?.entries.count == 1
            })
            var messages: [String] = []
            let stream = backend.logs.follow(unit, query: LogQuery(lines: 1, grep: "round"))
            for try await entry in stream {
                messages.append(entry.message)
                if messages.count == 2 { break }
                // The backlog has arrived, so the follow is attached: a second run is a new entry.
                Task { try await backend.start(unit) }
            }
            #expect(messages == ["round", "round"])
        }
    }

    @Test("history after a cursor that is not the unit's (the journal's newest entry) starts at the unit's first entry", arguments: BackendKind.allCases)
    func afterForeignCursor(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        try await units.run {
            let unit = units.unit("foreign")
            try units.write("foreign", Self.fourLines)
            try await backend.reload()
            // The whole journal's newest entry: another unit's (systemd 252's `--after-cursor` then dropped the unit's first line).
            let newest = try Command.run("/usr/bin/journalctl", ["--no-pager", "--output=json", "--lines=1", "--output-fields=MESSAGE"])
            let line = try #require(newest.stdout.split(separator: "\n").first)
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let anchor = try #require(entry["__CURSOR"] as? String)
            try await backend.start(unit)
            #expect(await eventually {
                (try? await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "app: plain four")))?.entries.count == 1
            })
            let page = try await backend.logs.history(of: unit, query: LogQuery(lines: 50, afterCursor: anchor))
            #expect(page.entries.map(\.message).filter { $0.hasPrefix("app: ") }
                == ["app: info one", "app: error two", "app: warning three", "app: plain four"])
        }
    }

    @Test("follow after a cursor with nothing newer starts there: every later entry, none before", arguments: BackendKind.allCases)
    func followAfterCursor(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        try await units.run {
            let unit = units.unit("resume")
            try units.write("resume", "Type=oneshot\nExecStart=/bin/sh -c 'for i in $(seq 1 15); do echo resume $i; done'")
            try await backend.reload()
            try await backend.start(unit)
            var first = LogPage(entries: [], cursor: nil)
            #expect(await eventually {
                first = (try? await backend.logs.history(of: unit, query: LogQuery(lines: 50, grep: "resume ")))
                    ?? LogPage(entries: [], cursor: nil)
                return first.entries.count == 15
            })
            let cursor = try #require(first.cursor)
            // 15 new lines arrive after the follow attached: more than journalctl's default of 10.
            var messages: [String] = []
            let stream = backend.logs.follow(unit, query: LogQuery(lines: 50, grep: "resume ", afterCursor: cursor))
            Task {
                try await Task.sleep(for: .milliseconds(500))
                try await backend.start(unit)
            }
            for try await entry in stream {
                messages.append(entry.message)
                if messages.count == 15 { break }
            }
            #expect(messages == (1...15).map { "resume \($0)" })
        }
    }

    @Test("the journal holds a cursor until its file is rotated away and vacuumed",
          .aloneOnly("vacuums the journal, which would take other suites' entries with it"), arguments: BackendKind.allCases)
    func aloneHoldsUntilVacuumed(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        try await units.run {
            let unit = units.unit("vacuum")
            try units.write("vacuum", "Type=oneshot\nExecStart=/bin/sh -c 'echo vacuum me'")
            try await backend.reload()
            try await backend.start(unit)
            var old = LogPage(entries: [], cursor: nil)
            #expect(await eventually {
                old = (try? await backend.logs.history(of: unit, query: LogQuery(lines: 1, grep: "vacuum me"))) ?? old
                return old.cursor != nil
            })
            let cursor = try #require(old.cursor)
            #expect(try await backend.logs.holds(cursor: cursor))
            _ = try Command.run("/usr/bin/journalctl", ["--rotate"])
            _ = try Command.run("/usr/bin/journalctl", ["--vacuum-size=1K"])
            #expect(try await !backend.logs.holds(cursor: cursor), "its file was vacuumed")
            try await backend.start(unit)
            var fresh = LogPage(entries: [], cursor: nil)
            #expect(await eventually {
                fresh = (try? await backend.logs.history(of: unit, query: LogQuery(lines: 1, grep: "vacuum me"))) ?? fresh
                return fresh.cursor != nil
            })
            #expect(try await backend.logs.holds(cursor: try #require(fresh.cursor)))
        }
    }
}
