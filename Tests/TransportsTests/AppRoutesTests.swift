import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import KernelTestSupport
import Testing
@testable import HTTPCore

@Suite("App routes: register, query, operate, update, delete")
struct AppRoutesTests {
    let admin = auth(TestAgent.adminToken)

    @Test("register answers 201 with the App object; list, one, status and unit follow")
    func registerAndQuery() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let created = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON())
            #expect(created.status == .created)
            let app = created.json
            #expect(app["name"] as? String == "shop-api")
            #expect(app["unit"] as? String == "shop-api.service")
            #expect(app["script_path"] as? String == agent.script)
            #expect(app["created_at"] is String)
            #expect((app["status"] as? [String: Any])?["state"] as? String == "stopped")
            #expect(!agent.backend.calls.contains { $0.hasPrefix("start") })

            let list = try await client.execute(uri: "/api/apps", method: .get, headers: admin)
            let apps = try #require(list.json["apps"] as? [[String: Any]])
            #expect(apps.map { $0["name"] as? String } == ["shop-api"])

            #expect(try await client.execute(uri: "/api/apps/shop-api", method: .get, headers: admin).json["port"] as? Int == 8000)
            #expect(try await client.execute(uri: "/api/apps/shop-api.service", method: .get, headers: admin).status == .ok)
            let status = try await client.execute(uri: "/api/apps/shop-api/status", method: .get, headers: admin)
            #expect(status.json["active_state"] as? String == "inactive")
            let unit = try await client.execute(uri: "/api/apps/shop-api/unit", method: .get, headers: admin)
            #expect(unit.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(unit.text.contains("X-SiaxManaged=yes"))
            #expect(try await client.execute(uri: "/api/apps/ghost", method: .get, headers: admin).errorCode == "not_found")
        }
    }

    @Test("POST /api/apps is the same as /register, and app_name is accepted for name")
    func appName() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let body = String(buffer: agent.specJSON("via-app-name")).replacingOccurrences(of: "\"name\"", with: "\"app_name\"")
        try await agent.application().test(.router) { client in
            let created = try await client.execute(uri: "/api/apps", method: .post, headers: admin, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            #expect(created.json["name"] as? String == "via-app-name")
        }
    }

    @Test("an unknown key is 422 naming it; a bad value is 422 naming its field; malformed JSON is 400")
    func validation() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let unknown = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON(extra: #","colour":"blue""#))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "validation_failed")
            #expect(unknown.error["field"] as? String == "colour")

            let nested = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON(extra: #","limits":{"memory":"1G"}"#))
            #expect(nested.error["field"] as? String == "limits.memory")

            let badName = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON("Bad Name"))
            #expect(badName.status == .unprocessableContent)
            #expect(badName.error["field"] as? String == "name")

            let badType = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON(extra: #","enabled":"yes""#))
            #expect(badType.error["field"] as? String == "enabled")

            let missing = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: admin, body: ByteBuffer(string: #"{"name":"x"}"#))
            #expect(missing.status == .unprocessableContent)
            #expect(missing.error["field"] as? String != nil)

            let malformed = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: ByteBuffer(string: "{nope"))
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "bad_request")

            let duplicate = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON())
            #expect(duplicate.status == .created)
            let again = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON())
            #expect(again.status == .conflict)
        }
    }

    @Test("a body over max_body_bytes is 413")
    func bodyTooLarge() async throws {
        let agent = try await TestAgent(settings: { $0.http.maxBodyBytes = 256 }); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let big = agent.specJSON(extra: #","args":["\#(String(repeating: "x", count: 400))"]"#)
            let response = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test("an endless streamed body is cut off at the limit, not buffered")
    func endlessBody() async throws {
        let reader = RequestBodyReader(maxBytes: 1024)
        let endless = AsyncStream<ByteBuffer> { continuation in
            Task {
                while !Task.isCancelled, case .enqueued = continuation.yield(ByteBuffer(repeating: 0x41, count: 100)) {
                    await Task.yield()
                }
            }
        }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/apps"),
            body: RequestBody(asyncSequence: endless))
        let error = await #expect(throws: SiaxError.self) { _ = try await reader.bytes(of: request) }
        #expect(error?.code == .payloadTooLarge)
    }

    @Test("operations answer the App with its new status; a second within the interval is 429 with Retry-After")
    func operations() async throws {
        let agent = try await TestAgent(configure: { $0.operationIntervalS = 30 }); defer { agent.cleanUp() }
        try await agent.register()
        let op = auth(agent.operatorToken)
        try await agent.application().test(.router) { client in
            let started = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: op)
            #expect(started.status == .ok)
            let status = try #require(started.json["status"] as? [String: Any])
            #expect(status["state"] as? String == "running")
            #expect(status["pid"] as? Int != nil)
            #expect(started.json["name"] as? String == "shop-api")

            let limited = try await client.execute(uri: "/api/apps/shop-api/stop", method: .post, headers: op)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await client.execute(uri: "/api/apps/ghost/start", method: .post, headers: op).status == .notFound)
        }
    }

    @Test("a failed systemd job is operation_failed (502) with systemd's reason")
    func operationFailed() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        agent.backend.fail("start", with: SiaxError(.operationFailed, "job for shop-api.service failed: result 'exit-code'"))
        try await agent.application().test(.router) { client in
            let failed = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.operatorToken))
            #expect(failed.status == .badGateway)
            #expect(failed.errorCode == "operation_failed")
            #expect((failed.error["message"] as? String)?.contains("exit-code") == true)
        }
    }

    @Test("PUT replaces the spec; restart=true restarts a running app")
    func update() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            let first = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: admin)
            let pid = (first.json["status"] as? [String: Any])?["pid"] as? Int
            try await Task.sleep(for: .milliseconds(5))

            let plain = try await client.execute(
                uri: "/api/apps/shop-api", method: .put, headers: admin,
                body: ByteBuffer(string: String(buffer: agent.specJSON()).replacingOccurrences(of: "\"port\":8000", with: "\"port\":8001")))
            #expect(plain.status == .ok)
            #expect(plain.json["port"] as? Int == 8001)
            #expect((plain.json["status"] as? [String: Any])?["pid"] as? Int == pid)

            let withoutName = #"{"runtime":"fake","script_path":"\#(agent.script)","working_dir":"\#(agent.workingDir)","user":"nobody","port":8002}"#
            let restarted = try await client.execute(
                uri: "/api/apps/shop-api?restart=true", method: .put, headers: admin, body: ByteBuffer(string: withoutName))
            #expect(restarted.status == .ok)
            #expect(restarted.json["port"] as? Int == 8002)
            let newPID = (restarted.json["status"] as? [String: Any])?["pid"] as? Int
            #expect(newPID != nil && newPID != pid)

            let renamed = try await client.execute(
                uri: "/api/apps/shop-api", method: .put, headers: admin, body: agent.specJSON("other-name"))
            #expect(renamed.status == .unprocessableContent)
            #expect(renamed.error["field"] as? String == "name")
        }
    }

    @Test("DELETE answers {\"deleted\":name} and the app is gone")
    func delete() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            let deleted = try await client.execute(uri: "/api/apps/shop-api", method: .delete, headers: admin)
            #expect(deleted.status == .ok)
            #expect(deleted.json["deleted"] as? String == "shop-api")
            #expect(try await client.execute(uri: "/api/apps/shop-api", method: .get, headers: admin).status == .notFound)
            #expect(try await client.execute(uri: "/api/apps/shop-api", method: .delete, headers: admin).status == .notFound)
        }
    }

    @Test("log history: entries newest last, a cursor, and filters; bad parameters name themselves")
    func logHistory() async throws {
        let agent = try await TestAgent(logs: FloodLogSource(history: 50)); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            let page = try await client.execute(uri: "/api/apps/shop-api/logs?lines=10", method: .get, headers: admin)
            let entries = try #require(page.json["entries"] as? [[String: Any]])
            #expect(entries.count == 10)
            #expect((entries.last?["message"] as? String)?.hasPrefix("line 50") == true)
            #expect(entries.first?["level"] as? String == "info")
            #expect(entries.first?["timestamp"] is String)
            #expect(page.json["cursor"] as? String == "s=50")

            let bad = try await client.execute(uri: "/api/apps/shop-api/logs?lines=many", method: .get, headers: admin)
            #expect(bad.status == .badRequest)
            #expect(bad.error["field"] as? String == "lines")
            let badSince = try await client.execute(uri: "/api/apps/shop-api/logs?since=yesterday", method: .get, headers: admin)
            #expect(badSince.error["field"] as? String == "since")
            let since = try await client.execute(uri: "/api/apps/shop-api/logs?since=2026-11-29T04:26:00Z&priority=err", method: .get, headers: admin)
            #expect(since.status == .ok)
        }
    }

    @Test("resource history comes from the status cache")
    func metrics() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        await agent.kernel.statusCache.update(["shop-api": AppStatus(
            state: .running, activeState: "active", subState: "running", unitFileState: "enabled", pid: 7,
            cpuPercent: 2.5, memoryBytes: 1024)])
        try await agent.application().test(.router) { client in
            let metrics = try await client.execute(uri: "/api/apps/shop-api/metrics", method: .get, headers: admin)
            let samples = try #require(metrics.json["samples"] as? [[String: Any]])
            #expect(samples.count == 1)
            #expect(samples[0]["cpu_percent"] as? Double == 2.5)
            #expect(samples[0]["state"] as? String == "running")
        }
    }

    @Test("unknown routes answer the JSON error body")
    func unknownRoute() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/nothing", method: .get, headers: admin)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }
}
