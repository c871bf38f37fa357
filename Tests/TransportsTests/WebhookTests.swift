import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing
@testable import HTTPCore
@testable import Webhooks

@Suite("Signed webhook commands (Standard Webhooks)")
struct WebhookTests {
    @Test("known-answer vector of the Standard Webhooks reference tests")
    func knownAnswer() throws {
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        #expect(WebhookVerifier.sign(secret: WebhookFixtures.secret, id: id, timestamp: 1_614_265_330, body: body) == expected)
        let verifier = try WebhookVerifier(secrets: [WebhookFixtures.secret], tolerance: 300)
        let then = Date(timeIntervalSince1970: 1_614_265_330)
        try verifier.verify(id: id, timestamp: "1614265330", signature: expected, body: body, now: then)
        try verifier.verify(id: id, timestamp: "1614265330", signature: "v1,bm9wZQ== " + expected, body: body, now: then)
        #expect(throws: SiaxError.self) {
            try verifier.verify(id: id, timestamp: "1614265330", signature: expected, body: Data(#"{"test": 2432232315}"#.utf8), now: then)
        }
        #expect(throws: SiaxError.self) {
            try verifier.verify(id: id, timestamp: "1614265330", signature: expected, body: body, now: then.addingTimeInterval(301))
        }
        #expect(throws: SiaxError.self) {
            try verifier.verify(id: id, timestamp: "1614265330", signature: expected, body: body, now: then.addingTimeInterval(-301))
        }
    }

    @Test("a valid delivery is accepted once; the replay is 409")
    func acceptedOnce() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        let body = #"{"action":"start","app_name":"shop-api"}"#
        try await agent.application().test(.router) { client in
            let headers = WebhookFixtures.headers(id: "msg_1", body: body)
            let first = try await client.execute(uri: "/webhook/command", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(first.status == .ok)
            #expect((first.json["status"] as? [String: Any])?["state"] as? String == "running")
            let replay = try await client.execute(uri: "/webhook/command", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(replay.status == .conflict)
            #expect(replay.errorCode == "conflict")
        }
        let audit = await agent.services.audit.entries(limit: 10)
        #expect(audit.map(\.action) == ["webhook.start", "webhook"])
        #expect(audit.allSatisfy { $0.actor == "webhook" && $0.via == "webhook" })
        #expect(audit.first?.app == "shop-api")
        let events = await agent.kernel.events.recent(limit: 10)
        #expect(events.contains { $0.operation == "start" && $0.actor == "webhook" })
    }

    @Test("expired, future, tampered and unsigned deliveries are 401")
    func refused() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        let body = #"{"action":"status","app_name":"shop-api"}"#
        let now = Int64(Date().timeIntervalSince1970)
        try await agent.application().test(.router) { client in
            for (id, timestamp) in [("old", now - 330), ("future", now + 330)] {
                let response = try await client.execute(
                    uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: id, body: body, timestamp: timestamp),
                    body: ByteBuffer(string: body))
                #expect(response.status == .unauthorized, "\(id)")
            }
            let tampered = try await client.execute(
                uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: "t", body: body),
                body: ByteBuffer(string: body.replacingOccurrences(of: "status", with: "stop")))
            #expect(tampered.status == .unauthorized)
            let unsigned = try await client.execute(uri: "/webhook/command", method: .post, body: ByteBuffer(string: body))
            #expect(unsigned.status == .unauthorized)
            #expect(unsigned.errorCode == "unauthorized")
            // A refused delivery's id is not burnt: the genuine one still goes through.
            let genuine = try await client.execute(
                uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: "t", body: body), body: ByteBuffer(string: body))
            #expect(genuine.status == .ok)
        }
    }

    @Test("after rotation, deliveries signed with either configured secret are accepted")
    func rotation() async throws {
        let agent = try await TestAgent(settings: { $0.webhook.webhook.secrets = [WebhookFixtures.rotated, WebhookFixtures.secret] })
        defer { agent.cleanUp() }
        try await agent.register()
        let body = #"{"action":"status","app_name":"shop-api"}"#
        try await agent.application().test(.router) { client in
            for (id, secret) in [("a", WebhookFixtures.rotated), ("b", WebhookFixtures.secret)] {
                let response = try await client.execute(
                    uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: id, body: body, secret: secret),
                    body: ByteBuffer(string: body))
                #expect(response.status == .ok)
            }
            let unknownSecret = "whsec_" + Data("not configured at all".utf8).base64EncodedString()
            let response = try await client.execute(
                uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: "c", body: body, secret: unknownSecret),
                body: ByteBuffer(string: body))
            #expect(response.status == .unauthorized)
        }
    }

    @Test("an unknown action or key is 400; an unknown app 404")
    func badCommands() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            for (id, body, status) in [
                ("x1", #"{"action":"reboot","app_name":"shop-api"}"#, HTTPResponse.Status.badRequest),
                ("x2", #"{"action":"start","app_name":"shop-api","force":true}"#, .badRequest),
                ("x3", #"{"action":"start","app_name":"ghost"}"#, .notFound),
            ] {
                let response = try await client.execute(
                    uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: id, body: body), body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
            }
        }
    }

    @Test("webhook operations share the per-app rate limit; the rate-limited id may be retried")
    func sharedRateLimit() async throws {
        let agent = try await TestAgent(configure: { $0.operationIntervalS = 30 }); defer { agent.cleanUp() }
        try await agent.register()
        _ = try await agent.kernel.lifecycle.perform(.start, on: "shop-api", actor: Requester(name: "test"))
        let body = #"{"action":"restart","app_name":"shop-api"}"#
        try await agent.application().test(.router) { client in
            let headers = WebhookFixtures.headers(id: "rl", body: body)
            let limited = try await client.execute(uri: "/webhook/command", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            let retry = try await client.execute(uri: "/webhook/command", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(retry.status == .tooManyRequests, "the same id is not a replay after a retryable failure")
        }
    }

    @Test("seen ids survive a restart (persisted in the state directory)")
    func replayPersisted() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = ReplayCache(stateDir: dir, retention: 600, logger: TestAgent.logger)
        #expect(try await first.insert("msg_1"))
        #expect(try await !first.insert("msg_1"))
        let restarted = ReplayCache(stateDir: dir, retention: 600, logger: TestAgent.logger)
        #expect(try await !restarted.insert("msg_1"))
        #expect(try await restarted.insert("msg_2"))
        let later = ReplayCache(stateDir: dir, retention: 600, logger: TestAgent.logger)
        #expect(try await later.insert("msg_1", now: Date().addingTimeInterval(601)))
    }

    @Test("with no secrets configured, webhooks are refused")
    func disabled() async throws {
        let agent = try await TestAgent(settings: { $0.webhook.webhook.secrets = [] }); defer { agent.cleanUp() }
        let body = #"{"action":"status","app_name":"shop-api"}"#
        try await agent.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/webhook/command", method: .post, headers: WebhookFixtures.headers(id: "d", body: body), body: ByteBuffer(string: body))
            #expect(response.status == .forbidden)
        }
    }
}
