import Foundation
import Kernel
import KernelTestSupport
import Testing
import SystemctlBackend

extension SystemdIntegration {
    /// A follow that never delivers fails after the limit instead of holding up the whole run.
    @Suite("journal history and follow", .timeLimit(.minutes(3)))
    struct Journal {
        /// Starts a oneshot unit printing `script`'s output and returns once it finished.
        private func runOnce(_ backend: SystemctlBackend, _ purpose: String, _ script: String,
                             _ body: (TestUnit) async throws -> Void) async throws {
            try await TestUnit.with(backend, purpose, service: "Type=oneshot\nExecStart=/bin/sh -c '\(script)'") { unit in
                try await backend.start(unit.name)
                try await body(unit)
            }
        }

        private func appLines(_ page: LogPage) -> [String] {
            page.entries.filter { $0.pid != 1 }.map(\.message)
        }

        /// The page once it holds a run's three lines (and systemd's "Finished"
        /// line, when PID 1 logs to the journal as on a server).
        private func settled(_ backend: SystemctlBackend, _ unit: TestUnit, _ query: LogQuery) async throws -> LogPage {
            var page = LogPage(entries: [], cursor: nil)
            let complete = try await eventually {
                page = try await backend.logs.history(of: unit.name, query: query)
                let systemdLogs = page.entries.contains { $0.pid == 1 }
                return appLines(page).count == 3 && (!systemdLogs || page.entries.contains { $0.message.hasPrefix("Finished") })
            }
            #expect(complete, "the journal did not get the whole run: \(page.entries.map(\.message))")
            return page
        }

        @Test("history: the last 10 lines, oldest first")
        func lastTen() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let script = "sleep 0.3; for i in $(seq 1 50); do echo line $i; done; exec sleep 600"
            try await TestUnit.with(backend, "history", service: "Type=exec\nExecStart=/bin/sh -c '\(script)'") { unit in
                try await backend.start(unit.name)
                #expect(try await eventually {
                    try await backend.logs.history(of: unit.name, query: LogQuery(lines: 1)).entries.first?.message == "line 50"
                })
                let page = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 10))
                #expect(page.entries.map(\.message) == (41...50).map { "line \($0)" })
                #expect(page.cursor == page.entries.last?.cursor)
                #expect(page.entries.allSatisfy { $0.unit == unit.name })
            }
        }

        @Test("history resumes after a cursor with only the new entries")
        func cursorResume() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await runOnce(backend, "cursor", "for i in 1 2 3; do echo run line $i; done") { unit in
                // journald reads a unit's stdout on its own schedule: wait for the whole run.
                let first = try await settled(backend, unit, LogQuery(lines: 100))
                #expect(appLines(first) == ["run line 1", "run line 2", "run line 3"])
                let cursor = try #require(first.cursor)

                try await backend.start(unit.name)
                let next = try await settled(backend, unit, LogQuery(lines: 100, afterCursor: cursor))
                #expect(appLines(next) == ["run line 1", "run line 2", "run line 3"])
                #expect(Set(next.entries.map(\.cursor)).isDisjoint(with: first.entries.map(\.cursor)))
                let lastTwo = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 2, afterCursor: cursor))
                #expect(lastTwo.entries == Array(next.entries.suffix(2)))

                let nothing = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 100, afterCursor: next.cursor))
                #expect(nothing.entries.isEmpty)
                #expect(nothing.cursor == next.cursor)
            }
        }

        @Test("priority filter keeps err and more urgent")
        func priority() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await runOnce(backend, "priority", #"printf "<3>err one\n<4>warn one\ninfo one\n<2>crit one\n""#) { unit in
                var page = LogPage(entries: [], cursor: nil)
                _ = try await eventually {
                    page = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 10, maxPriority: 3))
                    return page.entries.count >= 2
                }
                #expect(page.entries.map(\.message) == ["err one", "crit one"])
                #expect(page.entries.map(\.priority) == [3, 2])
            }
        }

        @Test("grep: the last N entries containing the text, case-sensitive and literal")
        func grep() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let script = "for i in $(seq 1 30); do if [ $((i % 3)) = 0 ]; then echo item $i MATCH; else echo item $i other; fi; done; "
                + "echo lowercase match here; echo abc; echo a.c literal"
            try await runOnce(backend, "grep", script) { unit in
                _ = try await eventually {
                    try await backend.logs.history(of: unit.name, query: LogQuery(lines: 1, grep: "a.c")).entries.count == 1
                }
                let page = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 5, grep: "MATCH"))
                #expect(page.entries.map(\.message) == [18, 21, 24, 27, 30].map { "item \($0) MATCH" })
                let lower = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 5, grep: "match"))
                #expect(lower.entries.map(\.message) == ["lowercase match here"])
                let literal = try await backend.logs.history(of: unit.name, query: LogQuery(lines: 5, grep: "a.c"))
                #expect(literal.entries.map(\.message) == ["a.c literal"])
            }
        }

        @Test("a unit that never logged has an empty history")
        func empty() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let page = try await backend.logs.history(of: "siax-h3-never-\(UUID().uuidString.prefix(6)).service", query: LogQuery(lines: 10))
            #expect(page.entries.isEmpty)
        }
    }
}
