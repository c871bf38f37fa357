import Foundation
import Kernel
import KernelTestSupport
import Testing
import Webhooks

/// Roles, cookie sessions and signed webhooks through the HTTP API over
/// loopback, against the sandbox's real systemd.
@Suite("API security on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct APISecurityTests {
    @Test("roles: a viewer cannot start, an operator cannot register; cookie + foreign Origin is 403")
    func rolesAndOrigin() async throws {
        let api = try APIHarness(operationInterval: 0.05)
        let dir = try api.base.install("node-app")
        let port = Harness.freePort()
        let name = "it-api-roles"
        let spec = """
        {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody","port":\(port),"environment":{"PORT":"\(port)"}}
        """
        try await api.serve(cleaningUp: [name]) { api in
            let viewer = try await api.token("it-viewer", role: "viewer")
            let operatorToken = try await api.token("it-operator", role: "operator")

            let byOperator = try await api.call(.POST, "/api/apps/register", token: operatorToken, body: spec)
            #expect(byOperator.status == 403)
            #expect(try await api.call(.POST, "/api/apps/register", body: spec).status == 201)
            #expect(try await api.call(.GET, "/api/apps/\(name)", token: viewer).status == 200)
            let byViewer = try await api.call(.POST, "/api/apps/\(name)/start", token: viewer)
            #expect(byViewer.status == 403)
            #expect(byViewer.error["code"] as? String == "forbidden")
            #expect(try await api.call(.GET, "/api/apps", token: nil).status == 401)

            let login = try await api.call(.POST, "/api/session", token: nil, body: #"{"token":"\#(operatorToken)"}"#)
            let cookie = try #require(login.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init))
            let foreign = try await api.call(
                .POST, "/api/apps/\(name)/start", token: nil, headers: [("Cookie", cookie), ("Origin", "http://evil.example")])
            #expect(foreign.status == 403)
            let own = try await api.call(
                .POST, "/api/apps/\(name)/start", token: nil, headers: [("Cookie", cookie), ("Origin", "http://127.0.0.1:\(api.port)")])
            #expect(own.status == 200, "\(own.text)")
            #expect(own.status_["state"] as? String == "running")
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await api.call(.POST, "/api/apps/\(name)/stop", token: operatorToken).status == 200)
        }
    }

    @Test("webhook: valid accepted once, replay 409, expired and future 401, tampered 401, rotated secret accepted")
    func webhook() async throws {
        let api = try APIHarness(operationInterval: 0.05)
        let dir = try api.base.install("node-app")
        let port = Harness.freePort()
        let name = "it-api-hook"
        let spec = """
        {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody","port":\(port),"environment":{"PORT":"\(port)"}}
        """
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            func send(_ id: String, _ body: String, secret: String = APIHarness.webhookSecret, skew: Int64 = 0,
                      sentBody: String? = nil) async throws -> APIHarness.Answer {
                let timestamp = Int64(Date().timeIntervalSince1970) + skew
                let signature = try #require(WebhookVerifier.sign(secret: secret, id: id, timestamp: timestamp, body: Data(body.utf8)))
                return try await api.call(
                    .POST, "/webhook/command", token: nil,
                    headers: [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)],
                    body: sentBody ?? body)
            }
            let start = #"{"action":"start","app_name":"\#(name)"}"#
            let first = try await send("msg_it_1", start)
            #expect(first.status == 200, "\(first.text)")
            #expect(first.status_["state"] as? String == "running")
            let pid = try #require(first.status_["pid"] as? Int)
            let answer = try await Probe.getJSON(port: port)
            #expect(answer["pid"] as? Int == pid)

            let replay = try await send("msg_it_1", start)
            #expect(replay.status == 409)
            #expect(try await send("msg_it_old", start, skew: -400).status == 401)
            #expect(try await send("msg_it_future", start, skew: 400).status == 401)
            let status = #"{"action":"status","app_name":"\#(name)"}"#
            #expect(try await send("msg_it_tampered", status, sentBody: #"{"action":"stop","app_name":"\#(name)"}"#).status == 401)
            #expect(try await send("msg_it_unknown", #"{"action":"reboot","app_name":"\#(name)"}"#).status == 400)

            try await Task.sleep(for: .milliseconds(100))
            let rotated = try await send("msg_it_2", #"{"action":"stop","app_name":"\#(name)"}"#, secret: APIHarness.rotatedSecret)
            #expect(rotated.status == 200, "\(rotated.text)")
            #expect(rotated.status_["state"] as? String == "stopped")
            #expect(await eventually { !Probe.isAlive(Int32(pid)) })

            let audit = try await api.call(.GET, "/api/audit?limit=50")
            let hooks = (audit.json["entries"] as? [[String: Any]] ?? []).filter { $0["via"] as? String == "webhook" }
            #expect(hooks.count == 7)
            #expect(hooks.filter { $0["result"] as? String == "ok" }.count == 2)
        }
    }
}
