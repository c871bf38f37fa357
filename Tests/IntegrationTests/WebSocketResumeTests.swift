import Foundation
import HTTPTypes
import HummingbirdWSClient
import KernelTestSupport
import Logging
import Synchronization
import Testing

/// A log follower that loses its agent (kill -9) resumes from the cursor of the last entry
/// it received: every line of the app arrives exactly once, in order, across the restart.
@Suite("WebSocket log streams resume after an agent restart", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct WebSocketResumeTests {
    static let app = "it-ws-resume"
    static let total = 2000

    @Test("kill -9 mid-follow, restart, reconnect with ?cursor=: n=1…2000 exactly once, in order", .timeLimit(.minutes(5)))
    func resumeAfterKill() async throws {
        let agent = try await LiveAgent.start()
        defer { remove(Self.app, agent) }
        try await startTicker(Self.app, on: agent, count: Self.total, intervalMilliseconds: 5)

        // First connection: from the start of the journal; the agent dies under it after 300 lines.
        let seen = Mutex<(numbers: [Int], cursors: [String])>(([], []))
        let restarted = Mutex<Task<Void, any Error>?>(nil)
        do {
            try await follow(agent, "/logs/\(Self.app)?lines=10000") { number, cursor in
                let count = seen.withLock { $0.numbers.append(number); $0.cursors.append(cursor); return $0.numbers.count }
                if count == 300 { restarted.withLock { $0 = Task { try await agent.restart(signal: SIGKILL) } } }
                return false
            }
        } catch {
            // The connection breaks when the agent dies.
        }
        let restart = try #require(restarted.withLock { $0 }, "the first connection ended before 300 lines: \(seen.withLock { $0.numbers.count })")
        try await restart.value
        let beforeRestart = seen.withLock { $0.numbers.count }
        let last = try #require(seen.withLock { $0.cursors.last })

        // Second connection on the restarted agent, from the last cursor received.
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "cursor", value: last)]
        try await follow(agent, "/logs/\(Self.app)?\(query.percentEncodedQuery ?? "")") { number, cursor in
            let count = seen.withLock { $0.numbers.append(number); $0.cursors.append(cursor); return $0.numbers.count }
            return number == Self.total || count > 2 * Self.total
        }

        let result = seen.withLock { $0 }
        #expect(Set(result.cursors).count == result.cursors.count, "no entry twice (by cursor)")
        #expect(result.numbers == Array(1...Self.total),
                "lines in order, each once: \(result.numbers.count) received, first gaps or repeats near \(firstMismatch(result.numbers))")
        print("WebSocketResumeTests: \(beforeRestart) lines before the kill -9, \(result.numbers.count - beforeRestart) after resuming from the cursor")
    }

    @Test("resuming after a cursor the journal no longer holds (rotated and vacuumed): a journal_gap marker, then the lines",
          .aloneOnly("vacuums the journal, which would take other suites' entries with it"), .timeLimit(.minutes(5)))
    func aloneResumeAfterVacuum() async throws {
        let app = "it-ws-vacuum", total = 600
        let agent = try await LiveAgent.start()
        defer { remove(app, agent) }
        try await startTicker(app, on: agent, count: total, intervalMilliseconds: 10)

        let lastCursor = Locked<String?>(nil)
        try await follow(agent, "/logs/\(app)?lines=10000") { number, cursor in
            lastCursor.withLock { $0 = cursor }
            return number == 50
        }
        let cursor = try #require(lastCursor.withLock { $0 })
        // The file holding line 50 is archived, then deleted, while the app goes on writing.
        _ = try Command.run("/usr/bin/journalctl", ["--rotate"])
        _ = try Command.run("/usr/bin/journalctl", ["--vacuum-size=1K"])

        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "cursor", value: cursor)]
        let messages = Locked<[String]>([])
        try await follow(agent, "/logs/\(app)?\(query.percentEncodedQuery ?? "")", onMessage: { object in
            if object["type"] as? String == "journal_gap" {
                messages.withLock { $0.append("gap after \(object["after"] as? String == cursor ? "the cursor" : "another cursor")") }
            }
        }) { number, _ in
            messages.withLock { $0.append("n=\(number)") }
            return number == total
        }
        let received = messages.withLock { $0 }
        #expect(received.first == "gap after the cursor", "first message: \(received.first ?? "none")")
        let numbers = received.dropFirst().compactMap { Int($0.dropFirst(2)) }
        #expect(numbers.count == received.count - 1, "one marker only: \(received.filter { $0.hasPrefix("gap") })")
        #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count, "in order, none twice")
        #expect((numbers.first ?? 0) > 50 && numbers.last == total, "from after line 50 to the last: \(numbers.first ?? -1)…\(numbers.last ?? -1)")
        print("WebSocketResumeTests: resumed after a vacuumed cursor: a journal_gap marker, then lines \(numbers.first ?? -1)…\(numbers.last ?? -1)")
    }

    /// Registers and starts `app`: the ticker fixture writing n=1…`count`, one every `intervalMilliseconds`.
    private func startTicker(_ app: String, on agent: LiveAgent, count: Int, intervalMilliseconds: Int) async throws {
        let dir = try agent.installFixture("ticker")
        let spec = """
        {"name":"\(app)","runtime":"nodejs","script_path":"\(dir)/ticker.js","working_dir":"\(dir)","user":"nobody","environment":{"COUNT":"\(count)","INTERVAL_MS":"\(intervalMilliseconds)"}}
        """
        let registered = try await agent.request("POST", "/api/apps", body: spec)
        try #require(registered.status == 201, "\(registered.body)")
        let started = try await agent.request("POST", "/api/apps/\(app)/start")
        try #require(started.status < 300, "\(started.body)")
    }

    /// Stops the agent and removes `app`'s unit behind its back.
    private func remove(_ app: String, _ agent: LiveAgent) {
        _ = try? Command.systemctl("stop", "\(app).service")
        try? FileManager.default.removeItem(atPath: "/etc/systemd/system/\(app).service")
        _ = try? Command.systemctl("daemon-reload")
        agent.stop()
    }

    /// Follows `path` and hands each `n=K` line's number and cursor to `onLine` until it returns true or the
    /// stream ends; every other message goes to `onMessage`.
    private func follow(
        _ agent: LiveAgent, _ path: String, onMessage: @escaping @Sendable ([String: Any]) -> Void = { _ in },
        onLine: @escaping @Sendable (Int, String) -> Bool
    ) async throws {
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(agent.token)"])
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(agent.port)\(path)", configuration: configuration,
                                          logger: Logger(label: "WebSocketResumeTests")) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message,
                      let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                #expect(object["type"] as? String != "gap", "a gap in a follow that keeps up: \(text)")
                guard let message = object["message"] as? String, message.hasPrefix("n="), let number = Int(message.dropFirst(2)),
                      let cursor = object["cursor"] as? String else {
                    onMessage(object)
                    continue
                }
                if onLine(number, cursor) { return }
            }
        }
    }

    private func firstMismatch(_ numbers: [Int]) -> String {
        guard let index = numbers.indices.first(where: { numbers[$0] != $0 + 1 }) else { return "the end" }
        return "index \(index): \(numbers[max(0, index - 2)..<min(numbers.count, index + 3)])"
    }
}
