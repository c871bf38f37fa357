import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Kernel
import KernelTestSupport
import Testing
@testable import HTTPCore
@testable import MetricsEndpoint

@Suite("Prometheus GET /metrics")
struct MetricsTests {
    /// An agent with `shop-api` registered and known to the backend as running, restarted 3 times, using 48 MB.
    static func agentWithApp() async throws -> TestAgent {
        let agent = try await TestAgent()
        try await agent.register("shop-api")
        agent.backend.addUnit(UnitStatus(
            unit: "shop-api.service", activeState: "active", subState: "running", unitFileState: "enabled",
            mainPID: 4242, restarts: 3, since: Date(), memoryCurrent: 48_123_904))
        return agent
    }

    /// `GET /metrics` as the viewer, parsed.
    static func scrape(_ client: some TestClientProtocol, _ agent: TestAgent) async throws -> (TestResponse, Exposition) {
        let response = try await client.execute(uri: "/metrics", method: .get, headers: auth(agent.viewerToken))
        return (response, Exposition(response.text))
    }

    /// `siax_websocket_clients{stream="events"}`, -1 when absent.
    static func eventClients(_ client: some TestClientProtocol, _ agent: TestAgent) async -> Double {
        (try? await scrape(client, agent).1.value("siax_websocket_clients", ["stream": "events"])) ?? -1
    }

    @Test("over loopback: request counts by route template, operations, app series, the agent process")
    func series() async throws {
        let agent = try await Self.agentWithApp(); defer { agent.cleanUp() }
        try await agent.application().test(.live) { client in
            let requests = "siax_http_requests_total"
            let appRoute = ["route": "/api/apps/{name}", "method": "GET", "status": "200"]
            let (_, before) = try await Self.scrape(client, agent)
            let start = before.value(requests, appRoute) ?? 0

            for _ in 0..<3 {
                #expect(try await client.execute(uri: "/api/apps/shop-api", method: .get, headers: auth(agent.viewerToken)).status == .ok)
            }
            #expect(try await client.execute(uri: "/api/apps/nope", method: .get, headers: auth(agent.viewerToken)).status == .notFound)
            #expect(try await client.execute(uri: "/api/apps/shop-api/stop", method: .post, headers: auth(agent.operatorToken)).status == .ok)
            #expect(try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.viewerToken)).status == .forbidden)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/no/such/path", method: .get).status == .notFound)

            let (response, metrics) = try await Self.scrape(client, agent)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(metrics.value(requests, appRoute) == start + 3)
            #expect(metrics.value(requests, ["route": "/api/apps/{name}", "method": "GET", "status": "404"]) == 1)
            #expect(metrics.value(requests, ["route": "/api/apps/{name}/stop", "method": "POST", "status": "200"]) == 1)
            #expect(metrics.value(requests, ["route": "/api/apps/{name}/start", "method": "POST", "status": "403"]) == 1)
            #expect(metrics.value(requests, ["route": "/metrics", "method": "GET", "status": "401"]) == 1)
            #expect(metrics.value(requests, ["route": "unmatched", "method": "GET", "status": "404"]) == 1)
            #expect(!metrics.samples.contains { $0.labels["route"]?.contains("shop-api") == true || $0.labels["route"] == "/no/such/path" },
                    "routes are labelled by template, never by raw path")
            #expect(metrics.value("siax_http_request_duration_seconds_count", appRoute) == start + 3)

            #expect(metrics.value("siax_operations_total", ["operation": "stop", "result": "ok"]) == 1)
            #expect(metrics.value("siax_operations_total", ["operation": "register", "result": "ok"]) == 1)

            #expect(metrics.value("siax_app_state", ["app": "shop-api", "state": "stopped"]) == 1)
            #expect(metrics.value("siax_app_state", ["app": "shop-api", "state": "running"]) == 0)
            #expect(metrics.samples.filter { $0.name == "siax_app_state" }.count == AppState.allCases.count)
            #expect(metrics.value("siax_app_restarts", ["app": "shop-api"]) == 3, "the backend's NRestarts")
            #expect(metrics.value("siax_app_memory_bytes", ["app": "shop-api"]) == 48_123_904)
            #expect((metrics.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((metrics.value("process_cpu_seconds_total") ?? 0) > 0)
            #expect(metrics.value("siax_websocket_clients", ["stream": "logs"]) == 0)
            #expect(metrics.value("siax_websocket_clients", ["stream": "events"]) == 0)
        }
    }

    @Test("a deleted app's series leave with it; webhook verifications are counted by result")
    func deletedAppAndWebhooks() async throws {
        let agent = try await Self.agentWithApp(); defer { agent.cleanUp() }
        try await agent.application().test(.live) { client in
            let command = #"{"action":"status","app_name":"shop-api"}"#
            let body = ByteBuffer(string: command)
            let signed = WebhookFixtures.headers(id: "msg-metrics-1", body: command)
            #expect(try await client.execute(uri: "/webhook/command", method: .post, headers: signed, body: body).status == .ok)
            #expect(try await client.execute(uri: "/webhook/command", method: .post, headers: signed, body: body).status == .conflict)
            #expect(try await client.execute(uri: "/webhook/command", method: .post, body: body).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/apps/shop-api", method: .delete, headers: auth(TestAgent.adminToken)).status == .ok)

            let (_, metrics) = try await Self.scrape(client, agent)
            let verifications = "siax_webhook_verifications_total"
            #expect(metrics.value(verifications, ["result": "ok"]) == 1)
            #expect(metrics.value(verifications, ["result": "replayed"]) == 1)
            #expect(metrics.value(verifications, ["result": "rejected"]) == 1)
            #expect(metrics.value("siax_operations_total", ["operation": "delete", "result": "ok"]) == 1)
            #expect(!metrics.has("siax_app_state", with: ["app": "shop-api"]))
            #expect(!metrics.has("siax_app_restarts", with: ["app": "shop-api"]))
        }
    }

    @Test("open WebSocket clients are a gauge per stream, back to 0 once they leave")
    func webSocketClients() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let config = WebSocketClientConfiguration(
            maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(TestAgent.adminToken)"])
        try await agent.application().test(.live) { client in
            _ = try await client.ws("/api/events/stream", configuration: config) { _, _, _ in
                #expect(await eventually { await Self.eventClients(client, agent) == 1 })
            }
            #expect(await eventually { await Self.eventClients(client, agent) == 0 })
        }
    }

    @Test("promtool check metrics finds no problem in the exposition",
          .enabled(if: Promtool.installed || Promtool.required, "promtool is not installed (Debian package prometheus)"))
    func promtool() async throws {
        try #require(Promtool.installed, "promtool is missing at \(Promtool.path): scripts/setup installs the Debian package prometheus")
        let agent = try await Self.agentWithApp(); defer { agent.cleanUp() }
        try await agent.application().test(.live) { client in
            _ = try await client.execute(uri: "/api/apps", method: .get, headers: auth(agent.viewerToken))
            _ = try await client.execute(uri: "/api/apps/shop-api/restart", method: .post, headers: auth(agent.operatorToken))
            let (response, _) = try await Self.scrape(client, agent)
            let result = try Promtool.check(response.text)
            #expect(result.status == 0, "promtool exited \(result.status): \(result.output)")
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool reported: \(result.output)")
        }
    }
}
