import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Kernel
import Logging
import Synchronization
import Testing
@testable import HTTPCore

@Suite("System log: the agent's own lines and systemd's messages about the managed units", .serialized)
struct SystemLogTests {
    let admin = auth(TestAgent.adminToken)

    @Test("the book keeps the last `capacity` lines in order and hands new ones to followers")
    func ring() async throws {
        let book = AgentLogBook(capacity: 3)
        for n in 1...5 { book.append(level: .info, label: "siax-agent", message: "line \(n)") }
        #expect(book.recent(limit: 10).map(\.message) == ["line 3", "line 4", "line 5"])
        #expect(book.recent(limit: 2).map(\.sequence) == [4, 5])
        let follow = book.follow(history: 1)
        book.append(level: .error, label: "siax-agent.http", message: "line 6")
        var iterator = follow.makeAsyncIterator()
        #expect(await iterator.next()?.message == "line 5")
        let next = await iterator.next()
        #expect(next?.message == "line 6")
        #expect(next?.level == .error)
    }

    @Test("the ring log handler passes lines on and keeps them with their metadata")
    func handler() {
        let book = AgentLogBook(capacity: 10)
        var logger = Logger(label: "siax-agent.test") { label in
            RingLogHandler(label: label, upstream: SwiftLogNoOpLogHandler(), book: book)
        }
        logger.logLevel = .info
        logger.debug("not kept: below the level")
        logger.warning("disk almost full", metadata: ["free": "3%"])
        let lines = book.recent(limit: 10)
        #expect(lines.count == 1)
        #expect(lines.first?.message == "disk almost full free=3%")
        #expect(lines.first?.level == .warning)
        #expect(lines.first?.label == "siax-agent.test")
    }

    @Test("GET /api/system/logs: a line the agent logged and a unit's start and failure with its reason, by time")
    func history() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let marker = "system-log-test \(UUID().uuidString)"
        AgentLogBook.shared.append(level: .warning, label: "siax-agent", message: marker)
        await agent.kernel.events.publish(AgentEvent(type: .state, app: "shop-api", state: .running, previous: .starting))
        await agent.kernel.events.publish(AgentEvent(type: .state, app: "shop-api", state: .failed, previous: .running, detail: "exit code 1"))
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/system/logs?lines=2000", method: .get, headers: auth(agent.viewerToken))
            #expect(response.status == .ok)
            let entries = try #require(response.json["entries"] as? [[String: Any]])
            let own = try #require(entries.first { $0["message"] as? String == marker })
            #expect(own["source"] as? String == "agent")
            #expect(own["level"] as? String == "warning")
            #expect(own["unit"] as? String == "siax-agent")
            let started = try #require(entries.first { $0["message"] as? String == "Started shop-api.service" })
            #expect(started["source"] as? String == "systemd")
            #expect(started["app"] as? String == "shop-api")
            let failed = try #require(entries.first { $0["message"] as? String == "shop-api.service: failed (exit code 1)" })
            #expect(failed["level"] as? String == "error")
            #expect((failed["event"] as? [String: Any])?["detail"] as? String == "exit code 1")
            let times = entries.compactMap { $0["realtime_usec"] as? Int }
            #expect(times == times.sorted())
            #expect(try await client.execute(uri: "/api/system/logs?lines=9999", method: .get, headers: admin).error["field"] as? String == "lines")
            #expect(try await client.execute(uri: "/api/system/logs", method: .get).status == .unauthorized)
        }
    }

    @Test("WS /api/system/logs/stream: history, then new lines and unit events as they happen")
    func follow() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let before = "before \(UUID().uuidString)"
        let after = "after \(UUID().uuidString)"
        AgentLogBook.shared.append(level: .info, label: "siax-agent", message: before)
        let received = Mutex<[String]>([])
        let config = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(TestAgent.adminToken)"])
        _ = try await agent.application().test(.live) { client in
            try await client.ws("/api/system/logs/stream?lines=2000", configuration: config) { inbound, _, _ in
                var sent = false
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                          let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                          let line = object["message"] as? String else { continue }
                    received.withLock { $0.append(line) }
                    if line == before && !sent {
                        sent = true
                        AgentLogBook.shared.append(level: .info, label: "siax-agent", message: after)
                        await agent.kernel.events.publish(AgentEvent(type: .state, app: "web", state: .crashed, previous: .running, detail: "killed by SIGKILL"))
                    }
                    if received.withLock({ $0.contains(after) && $0.contains("web.service: crashed (killed by SIGKILL)") }) { return }
                }
            }
        }
        let lines = received.withLock { $0 }
        #expect(lines.filter { $0 == before }.count == 1)
        #expect(lines.filter { $0 == after }.count == 1)
        #expect(lines.contains("web.service: crashed (killed by SIGKILL)"))
    }
}
