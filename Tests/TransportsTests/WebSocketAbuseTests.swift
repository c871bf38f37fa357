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

/// WebSocket clients that abuse a stream: a frame over the limit, a flood of messages, and
/// one client that never reads among 50 that do. Throughput (50 followers vs a lone one) is
/// measured by `scripts/bench`, not here.
@Suite("WebSocket streams under abuse", .serialized)
struct WebSocketAbuseTests {
    let headers: HTTPFields = [.authorization: "Bearer \(TestAgent.adminToken)"]

    @Test("a frame over 64 KiB closes the stream with 1009 (message too big) and releases its reader", .timeLimit(.minutes(2)))
    func oversizedFrame() async throws {
        let logs = FloodLogSource(history: 1)
        let agent = try await TestAgent(logs: logs); defer { agent.cleanUp() }
        try await agent.register()
        _ = try await agent.application().test(.live) { client in
            let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: headers)
            let close = try await client.ws("/logs/shop-api", configuration: configuration) { inbound, outbound, _ in
                try await outbound.write(.text(String(repeating: "x", count: 100_000)))
                for try await _ in inbound {}
            }
            #expect(close?.closeCode == .messageTooLarge, "close frame: \(String(describing: close))")
            #expect(await eventually { agent.streams.limiter.count("shop-api") == 0 && logs.live == 0 })
        }
    }

    @Test("a client flooding a stream with messages is closed with 1008 (policy violation) and its reader released", .timeLimit(.minutes(2)))
    func messageFlood() async throws {
        let logs = FloodLogSource(history: 1)
        let agent = try await TestAgent(logs: logs); defer { agent.cleanUp() }
        try await agent.register()
        let sent = Locked(0)
        _ = try await agent.application().test(.live) { client in
            let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: headers)
            let close = try await client.ws("/logs/shop-api", configuration: configuration) { inbound, outbound, _ in
                let writer = Task {
                    for index in 0..<2_000 {
                        guard (try? await outbound.write(.text("flood \(index)"))) != nil else { return }
                        sent.withLock { $0 += 1 }
                    }
                }
                for try await _ in inbound {}
                writer.cancel()
            }
            #expect(close?.closeCode == .policyViolation, "close frame: \(String(describing: close)) after \(sent.withLock { $0 }) messages sent")
            #expect(close?.reason?.contains("accepts no messages") == true)
            #expect(await eventually { agent.streams.limiter.count("shop-api") == 0 && logs.live == 0 })
        }
    }

    @Test("the events stream closes a flooding client too (1008)", .timeLimit(.minutes(2)))
    func eventStreamFlood() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        _ = try await agent.application().test(.live) { client in
            let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: headers)
            let close = try await client.ws("/api/events/stream", configuration: configuration) { inbound, outbound, _ in
                let writer = Task {
                    for index in 0..<2_000 {
                        guard (try? await outbound.write(.text("flood \(index)"))) != nil else { return }
                    }
                }
                for try await _ in inbound {}
                writer.cancel()
            }
            #expect(close?.closeCode == .policyViolation, "close frame: \(String(describing: close))")
        }
        #expect(await eventually { await agent.kernel.events.subscriberCount == 0 })
    }

    @Test("50 followers of one app get every line in order while a 51st never reads: it skips, with a gap marker, holding a bounded queue",
          .aloneOnly("51 WebSocket clients and 250,000 messages load a 2-core machine: beside other suites, their timeouts fire"),
          .timeLimit(.minutes(5)))
    func aloneFiftyFollowersAndOneSilent() async throws {
        let total = 5_000, followers = 50, batch = 250, size = 200
        // Then, the followers gone, 40 MB more that only the silent client follows: more than
        // any socket buffers, so what it can be holding is visibly bounded.
        let more = 20_000, bigSize = 2_000
        let logs = SharedLogSource()
        var agent = try await TestAgent(settings: { $0.webSocket.maxLogConnectionsPerApp = followers + 1 }, logs: logs); defer { agent.cleanUp() }
        // No ping timeout during the run: on a loaded machine it could drop a reader, and the
        // silent client must show what a slow one gets (its TCP window is full, pongs wait too).
        agent.server.pingInterval = .seconds(600)
        try await agent.register()
        let received = Locked([Int](repeating: 0, count: followers))
        let faults = Locked<[String]>([])
        _ = try await agent.application().test(.live) { client in
            let port = try #require(client.port)
            let silent = try SilentWebSocket(port: port, path: "/logs/shop-api?lines=0",
                                             headers: ["Authorization: Bearer \(TestAgent.adminToken)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for follower in 0..<followers {
                    group.addTask {
                        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16, additionalHeaders: headers)
                        try await client.ws("/logs/shop-api?lines=0", configuration: configuration) { inbound, _, _ in
                            for try await message in inbound.messages(maxSize: 1 << 16) {
                                guard case .text(let text) = message else { continue }
                                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
                                let expected = received.withLock { $0[follower] } + 1
                                guard object["cursor"] as? String == "s=\(expected)" else {
                                    faults.withLock { $0.append("follower \(follower) expected s=\(expected), got \(text.prefix(80))") }
                                    return
                                }
                                received.withLock { $0[follower] = expected }
                                if expected == total { return }
                            }
                            faults.withLock { $0.append("follower \(follower)'s stream ended after \(received.withLock { $0[follower] }) lines") }
                        }
                    }
                }
                // Every follower (and the silent one) is attached before the first line.
                #expect(await eventually { logs.live == followers + 1 })
                // The app logs in batches; each waits for the readers, never for the silent client.
                var written = 0
                while written < total {
                    for index in (written + 1)...(written + batch) {
                        logs.append(SharedLogSource.entry(index, unit: "shop-api.service", size: size))
                    }
                    written += batch
                    let caughtUp = await eventually {
                        received.withLock { $0.min() ?? 0 } >= written || !faults.withLock { $0.isEmpty }
                    }
                    try #require(caughtUp && faults.withLock { $0.isEmpty }, "readers behind at \(written): \(faults.withLock { $0 })")
                }
                try await group.waitForAll()
            }
            #expect(received.withLock { $0 } == [Int](repeating: total, count: followers))
            #expect(await eventually { logs.live == 1 }, "the followers' journal readers are released")
            for index in (total + 1)...(total + more) {
                logs.append(SharedLogSource.entry(index, unit: "shop-api.service", size: bigSize))
            }

            // The silent client: what reaches it is in order, and whatever it missed is announced by a gap marker.
            var entries: [Int] = []
            var dropped = 0, gaps = 0
            let ending = try silent.drain { text in
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
                if object["type"] as? String == "gap" {
                    gaps += 1
                    dropped += object["dropped"] as? Int ?? 0
                } else if let cursor = object["cursor"] as? String, let index = Int(cursor.dropFirst(2)) {
                    entries.append(index)
                }
                return entries.count + dropped >= total + more
            }
            #expect(entries == entries.sorted() && Set(entries).count == entries.count, "the silent client's entries are in order, none twice")
            #expect(ending == .enough, "the silent client's stream ended (\(ending)) after \(entries.count) entries")
            #expect(gaps >= 1 && dropped > 0, "the silent client fell \(total + more) lines behind without a gap marker")
            #expect(entries.count + dropped == total + more, "\(entries.count) entries + \(dropped) dropped ≠ \(total + more)")
            // Bounded: it held at most the queue (1000) and what the sockets buffer, not the 40 MB.
            #expect(entries.count < total + more / 2)
            #expect(entries.last == total + more, "the newest line is never the one dropped")
            print("WebSocketAbuseTests: 50 followers got \(total) lines each; the silent client got \(entries.count) of \(total + more), \(dropped) dropped in \(gaps) gap(s)")
        }
    }
}
