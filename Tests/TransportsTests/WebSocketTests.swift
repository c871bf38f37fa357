import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Kernel
import KernelTestSupport
import Synchronization
import Testing
@testable import HTTPCore
@testable import WebSocketStreams

@Suite("WebSocket log and event streams", .serialized)
struct WebSocketTests {
    let wsConfig = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(TestAgent.adminToken)"])

    @Test("WS /logs/{name}: the last `lines` entries, then the follow; closing ends the journal reader")
    func historyThenFollow() async throws {
        let logs = FloodLogSource(history: 30, flood: 5)
        let agent = try await TestAgent(logs: logs); defer { agent.cleanUp() }
        try await agent.register()
        let received = Mutex<[String]>([])
        _ = try await agent.application().test(.live) { client in
            try await client.ws("/logs/shop-api?lines=10", configuration: wsConfig) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    received.withLock { $0.append(object?["message"] as? String ?? "?") }
                    if received.withLock({ $0.count }) == 15 { return }
                }
            }
            #expect(await eventually { logs.live == 0 && logs.ended == 1 }, "the follow is released when the socket closes")
            #expect(await eventually { agent.streams.limiter.count("shop-api") == 0 })
        }
        let messages = received.withLock { $0 }
        #expect(messages.count == 15)
        #expect(messages.first?.hasPrefix("line 21") == true)
        #expect(messages.last?.hasPrefix("line 35") == true)
    }

    @Test("a slow reader gets {\"type\":\"gap\",\"dropped\":N}; nothing is lost without being counted")
    func gapForSlowReader() async throws {
        let total = 20_000
        let logs = FloodLogSource(history: 0, flood: total, messageSize: 1024)
        let agent = try await TestAgent(logs: logs, streamCapacities: (logs: 16, events: 16)); defer { agent.cleanUp() }
        try await agent.register()
        let counts = Mutex<(entries: Int, dropped: Int, gaps: Int)>((0, 0, 0))
        _ = try await agent.application().test(.live) { client in
            try await client.ws("/logs/shop-api?lines=0", configuration: wsConfig) { inbound, _, _ in
                try await Task.sleep(for: .seconds(2))
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    let done = counts.withLock { counts -> Bool in
                        if object?["type"] as? String == "gap" {
                            counts.dropped += object?["dropped"] as? Int ?? 0
                            counts.gaps += 1
                        } else {
                            counts.entries += 1
                        }
                        return counts.entries + counts.dropped >= total
                    }
                    if done { return }
                }
            }
        }
        let result = counts.withLock { $0 }
        #expect(result.gaps >= 1)
        #expect(result.dropped > 0)
        #expect(result.entries + result.dropped == total)
    }

    @Test("upgrades past max_log_connections_per_app get 429 with Retry-After")
    func connectionCap() async throws {
        let logs = FloodLogSource(history: 1)
        let agent = try await TestAgent(settings: { $0.webSocket.maxLogConnectionsPerApp = 2 }, logs: logs); defer { agent.cleanUp() }
        try await agent.register()
        _ = try await agent.application().test(.live) { client in
            let port = try #require(client.port)
            let (release, releaser) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await client.ws("/logs/shop-api", configuration: wsConfig) { _, _, _ in
                            for await _ in release { return }
                        }
                    }
                }
                #expect(await eventually { agent.streams.limiter.count("shop-api") == 2 })
                let response = try await RawHTTP.exchange(port: port, RawHTTP.upgrade("/logs/shop-api", headers: ["Authorization: Bearer \(TestAgent.adminToken)"]))
                #expect(response.hasPrefix("HTTP/1.1 429"), "\(response)")
                #expect(response.contains("Retry-After: "))
                #expect(response.contains(#""code":"rate_limited""#))
                releaser.finish()
                try await group.waitForAll()
            }
            #expect(await eventually { agent.streams.limiter.count("shop-api") == 0 })
            #expect(await eventually { logs.live == 0 })
        }
    }

    @Test("refused upgrades answer the API's status and error body")
    func refusedUpgrades() async throws {
        let agent = try await TestAgent(logs: FloodLogSource(history: 1)); defer { agent.cleanUp() }
        try await agent.register()
        _ = try await agent.application().test(.live) { client in
            let port = try #require(client.port)
            let anonymous = try await RawHTTP.exchange(port: port, RawHTTP.upgrade("/logs/shop-api"))
            #expect(anonymous.hasPrefix("HTTP/1.1 401"), "\(anonymous)")
            #expect(anonymous.contains(#""code":"unauthorized""#))
            let ghost = try await RawHTTP.exchange(port: port, RawHTTP.upgrade("/logs/ghost", headers: ["Authorization: Bearer \(TestAgent.adminToken)"]))
            #expect(ghost.hasPrefix("HTTP/1.1 404"), "\(ghost)")

            let login = try await client.execute(
                uri: "/api/session", method: .post, body: ByteBuffer(string: #"{"token":"\#(agent.viewerToken)"}"#))
            let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let crossSite = try await RawHTTP.exchange(
                port: port, RawHTTP.upgrade("/logs/shop-api", headers: ["Cookie: \(cookie)", "Origin: http://evil.example"]))
            #expect(crossSite.hasPrefix("HTTP/1.1 403"), "\(crossSite)")
            let sameSite = try await RawHTTP.exchange(
                port: port, RawHTTP.upgrade("/api/events/stream", headers: ["Cookie: \(cookie)", "Origin: http://localhost"]))
            #expect(sameSite.hasPrefix("HTTP/1.1 101"), "\(sameSite)")

            let plain = try await client.execute(uri: "/logs/shop-api", method: .get, headers: auth(TestAgent.adminToken))
            #expect(plain.status == .badRequest)
            #expect(agent.streams.limiter.count("shop-api") == 0)
        }
    }

    @Test("WS /api/events/stream: operations arrive as events", .timeLimit(.minutes(1)))
    func events() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        let received = Mutex<[String: String]?>(nil)
        _ = try await agent.application().test(.live) { client in
            let subscribers = await agent.kernel.events.subscriberCount
            try await client.ws("/api/events/stream", configuration: wsConfig) { inbound, _, _ in
                Task {
                    // Once the stream's subscription is in place, no event can be missed.
                    _ = await eventually { await agent.kernel.events.subscriberCount > subscribers }
                    _ = try await agent.kernel.lifecycle.perform(.start, on: "shop-api", actor: Requester(name: "tester"))
                }
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message,
                          let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                          object["type"] as? String == "operation" else { continue }
                    let strings = object.mapValues { "\($0)" }
                    received.withLock { $0 = strings }
                    return
                }
            }
        }
        let event = try #require(received.withLock { $0 })
        #expect(event["type"] == "operation")
        #expect(event["app"] == "shop-api")
        #expect(event["actor"] == "tester")
        #expect(await eventually { await agent.kernel.events.subscriberCount == 0 })
    }
}
