import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import KernelTestSupport
import Testing
@testable import HTTPCore

/// The status object as a typed client reads it: every key required, `null` allowed where documented.
struct StrictStatus: Decodable {
    let state: String
    let activeState: String
    let subState: String
    let unitFileState: String
    let pid: Int?
    let cpuPercent: Double?
    let memoryBytes: UInt64?
    let uptimeSeconds: Int?
    let restarts: Int
    let since: String?
    let result: String?
    let reason: String?
    let drift: String?

    enum CodingKeys: String, CodingKey {
        case state, pid, restarts, since, result, reason, drift
        case activeState = "active_state", subState = "sub_state", unitFileState = "unit_file_state"
        case cpuPercent = "cpu_percent", memoryBytes = "memory_bytes", uptimeSeconds = "uptime_seconds"
    }

    /// `decode(T?.self)` throws `keyNotFound` for a missing key, unlike the synthesized `decodeIfPresent`.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(String.self, forKey: .state)
        activeState = try c.decode(String.self, forKey: .activeState)
        subState = try c.decode(String.self, forKey: .subState)
        unitFileState = try c.decode(String.self, forKey: .unitFileState)
        pid = try c.decode(Int?.self, forKey: .pid)
        cpuPercent = try c.decode(Double?.self, forKey: .cpuPercent)
        memoryBytes = try c.decode(UInt64?.self, forKey: .memoryBytes)
        uptimeSeconds = try c.decode(Int?.self, forKey: .uptimeSeconds)
        restarts = try c.decode(Int.self, forKey: .restarts)
        since = try c.decode(String?.self, forKey: .since)
        result = try c.decode(String?.self, forKey: .result)
        reason = try c.decode(String?.self, forKey: .reason)
        drift = try c.decode(String?.self, forKey: .drift)
    }
}

private struct StrictApp: Decodable { let status: StrictStatus }
private struct StrictAppList: Decodable { let apps: [StrictApp] }

@Suite("Stable keys: every route that returns a status carries every key")
struct StableKeysTests {
    let admin = auth(TestAgent.adminToken)

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    @Test("register, list, one app, status, and an operation: a stopped and a running app decode with every key required")
    func everyRoute() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let created = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON())
            #expect(created.status == .created)
            let stopped = try decode(StrictApp.self, created).status
            #expect(stopped.state == "stopped")
            #expect(stopped.pid == nil && stopped.cpuPercent == nil && stopped.uptimeSeconds == nil)

            #expect(try decode(StrictAppList.self, try await client.execute(uri: "/api/apps", method: .get, headers: admin)).apps.count == 1)
            _ = try decode(StrictApp.self, try await client.execute(uri: "/api/apps/shop-api", method: .get, headers: admin))
            _ = try decode(StrictStatus.self, try await client.execute(uri: "/api/apps/shop-api/status", method: .get, headers: admin))

            let started = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: admin)
            let running = try decode(StrictApp.self, started).status
            #expect(running.state == "running")
            #expect(running.pid != nil)
            #expect(running.cpuPercent == nil, "no scan yet: the first status has no CPU figure, and says so with null")
        }
    }

    @Test("the OpenAPI document requires every status key and allows null where unknown")
    func openAPI() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get).json
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let status = try #require(schemas?["AppStatus"] as? [String: Any])
            let required = Set(status["required"] as? [String] ?? [])
            #expect(required == ["state", "active_state", "sub_state", "unit_file_state", "pid", "cpu_percent", "memory_bytes",
                                 "uptime_seconds", "restarts", "since", "result", "reason", "drift"])
            let properties = try #require(status["properties"] as? [String: [String: Any]])
            for key in ["pid", "cpu_percent", "memory_bytes", "uptime_seconds", "since", "result", "reason", "drift"] {
                #expect((properties[key]?["type"] as? [String])?.contains("null") == true, "\(key)")
            }
        }
    }
}
