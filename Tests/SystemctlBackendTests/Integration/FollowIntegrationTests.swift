import Foundation
import Kernel
import KernelTestSupport
import Testing
import SystemctlBackend

extension SystemdIntegration {
    /// A follow that never delivers fails after the limit instead of holding up the whole run.
    @Suite("journal follow", .timeLimit(.minutes(3)))
    struct Follow {
        @Test("a follower attached before start receives all 20,000 lines, in order, once")
        func everyLine() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let service = "Type=exec\nExecStart=/usr/bin/seq 1 20000\nLogRateLimitIntervalSec=1s\nLogRateLimitBurst=1000000"
            try await TestUnit.with(backend, "flood", service: service) { unit in
                let stream = backend.logs.follow(unit.name, query: LogQuery(lines: 10))
                let collector = Task {
                    var numbers: [Int] = []
                    for try await entry in stream {
                        guard let number = Int(entry.message) else { continue }
                        numbers.append(number)
                        if number == 20000 { break }
                    }
                    return numbers
                }
                try await Task.sleep(for: .seconds(1))
                try await backend.start(unit.name)
                let timer = Task { try await Task.sleep(for: .seconds(90)); collector.cancel() }
                let numbers = try await collector.value
                timer.cancel()
                #expect(numbers.count == 20000)
                #expect(numbers == Array(1...20000))
            }
        }

        @Test("the follow starts with the last lines, then new ones")
        func backlogThenNew() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            let script = "for i in 1 2 3 4 5; do echo early $i; done"
            try await TestUnit.with(backend, "backlog", service: "Type=oneshot\nExecStart=/bin/sh -c '\(script)'") { unit in
                try await backend.start(unit.name)
                _ = try await eventually {
                    try await !backend.logs.history(of: unit.name, query: LogQuery(lines: 1, grep: "early 5")).entries.isEmpty
                }
                let stream = backend.logs.follow(unit.name, query: LogQuery(lines: 3, grep: "early"))
                let collector = Task {
                    var messages: [String] = []
                    for try await entry in stream {
                        messages.append(entry.message)
                        if messages.count == 8 { break }
                    }
                    return messages
                }
                try await Task.sleep(for: .seconds(1))
                try await backend.start(unit.name)
                let timer = Task { try await Task.sleep(for: .seconds(20)); collector.cancel() }
                let messages = try await collector.value
                timer.cancel()
                #expect(messages == ["early 3", "early 4", "early 5"] + (1...5).map { "early \($0)" })
            }
        }

        @Test("ending the iteration leaves no journalctl child behind")
        func teardown() async throws {
            try SystemdEnvironment.check()
            let (backend, _) = Integration.backend()
            try await TestUnit.with(backend, "teardown", service: "ExecStart=/bin/sh -c 'echo hello; exec sleep 600'") { unit in
                try await backend.start(unit.name)
                #expect(Integration.journalctlChildren(reading: unit.name).isEmpty)
                var stream: AsyncThrowingStream<LogEntry, any Error>? = backend.logs.follow(unit.name, query: LogQuery(lines: 5))
                var iterator = stream?.makeAsyncIterator()
                #expect(try await iterator?.next() != nil)
                #expect(await eventually { !Integration.journalctlChildren(reading: unit.name).isEmpty })
                iterator = nil
                stream = nil
                #expect(await eventually { Integration.journalctlChildren(reading: unit.name).isEmpty })
            }
        }
    }
}
