import Foundation
import HummingbirdWSClient
import Kernel
import KernelTestSupport
import Synchronization
import Testing

/// The original feature list's test plan through the HTTP API and WebSocket,
/// over real loopback, against the sandbox's real systemd.
@Suite("API over loopback on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct APILifecycleTests {
    @Test("register → start (PID) → stop → restart (new PID) → 10 log lines over WebSocket → delete; 429 and 422 on the way")
    func seedTestList() async throws {
        // 3 s rather than the default 1 s: on a loaded machine the second of two
        // requests sent at once has been seen reaching the agent more than 1 s
        // after the first had finished.
        let interval = Duration.seconds(3)
        let api = try APIHarness(operationInterval: 3)
        let dir = try api.base.install("node-app")
        let port = Harness.freePort()
        let name = "it-api-node"
        let unit = "\(name).service"
        let spec = """
        {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody",
         "port":\(port),"environment":{"PORT":"\(port)","LINES":"30"},"enabled":true}
        """
        try await api.serve(cleaningUp: [name]) { api in
            // Validation: 422 naming the field, nothing written.
            let badPath = try await api.call(.POST, "/api/apps/register", body: spec.replacingOccurrences(of: "server.js", with: "missing.js"))
            #expect(badPath.status == 422)
            #expect(badPath.error["code"] as? String == "validation_failed")
            #expect(badPath.error["field"] as? String == "script_path")
            let unknownKey = try await api.call(.POST, "/api/apps/register", body: spec.replacingOccurrences(of: "\"enabled\"", with: "\"enabeld\""))
            #expect(unknownKey.status == 422)
            #expect(unknownKey.error["field"] as? String == "enabeld")
            #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/\(unit)"))

            // Register: 201, the unit on disk and enabled, not started.
            let registered = try await api.call(.POST, "/api/apps/register", body: spec)
            #expect(registered.status == 201, "\(registered.text)")
            #expect(registered.json["unit"] as? String == unit)
            #expect(registered.status_["state"] as? String == "stopped")
            #expect(FileManager.default.fileExists(atPath: "/etc/systemd/system/\(unit)"))
            #expect(FileManager.default.fileExists(atPath: "/etc/systemd/system/multi-user.target.wants/\(unit)"))

            // Start: a PID that answers on the app's port.
            let started = try await api.call(.POST, "/api/apps/\(name)/start")
            #expect(started.status == 200, "\(started.text)")
            #expect(started.status_["state"] as? String == "running")
            let pid = try #require((started.status_["pid"] as? Int).map(Int32.init))
            let answer = try await Probe.getJSON(port: port)
            #expect((answer["pid"] as? Int).map(Int32.init) == pid)
            #expect(try await api.call(.GET, "/api/apps/\(name)/status").json["pid"] as? Int == Int(pid))

            // History through REST.
            #expect(await eventually {
                let page = try? await api.call(.GET, "/api/apps/\(name)/logs?lines=50")
                return (page?.json["entries"] as? [[String: Any]])?.contains { $0["message"] as? String == "line 30" } == true
            })

            // Stop, twice at once: one stops the app, the other is 429 with Retry-After (1 per interval per app).
            try await Task.sleep(for: interval + .milliseconds(50))
            async let first = api.call(.POST, "/api/apps/\(name)/stop")
            async let second = api.call(.POST, "/api/apps/\(name)/stop")
            let answers = try await [first, second]
            #expect(answers.map(\.status).sorted() == [200, 429], "\(answers.map(\.text))")
            let limited = try #require(answers.first { $0.status == 429 })
            #expect(limited.error["code"] as? String == "rate_limited")
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            let stopped = try #require(answers.first { $0.status == 200 })
            #expect(stopped.status_["state"] as? String == "stopped")
            #expect(await eventually { !Probe.isAlive(pid) })

            // Start again, then restart: a new PID.
            try await Task.sleep(for: interval + .milliseconds(50))
            let again = try await api.call(.POST, "/api/apps/\(name)/start")
            let againPID = try #require(again.status_["pid"] as? Int)
            try await Task.sleep(for: interval + .milliseconds(50))
            let restarted = try await api.call(.POST, "/api/apps/\(name)/restart")
            #expect(restarted.status == 200, "\(restarted.text)")
            let newPID = try #require(restarted.status_["pid"] as? Int)
            #expect(newPID != againPID && newPID != Int(pid))
            _ = try await Probe.getJSON(port: port)

            // Logs over WebSocket: the last 10 lines, then the follow sees the next run's first line.
            #expect(await eventually {
                let page = try? await api.call(.GET, "/api/apps/\(name)/logs?lines=5")
                return page?.text.contains("listening on \(port)") == true
            })
            try await Task.sleep(for: interval + .milliseconds(50))
            let history = Mutex<[[String: String]]>([])
            let followed = Mutex<[[String: String]]>([])
            try await api.webSocket("/logs/\(name)?lines=10") { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message,
                          let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                    let entry = object.mapValues { "\($0)" }
                    if history.withLock({ $0.count }) < 10 {
                        let count = history.withLock { $0.append(entry); return $0.count }
                        if count == 10 {
                            Task { _ = try? await api.call(.POST, "/api/apps/\(name)/restart") }
                        }
                        continue
                    }
                    followed.withLock { $0.append(entry) }
                    if entry["message"] == "line 1" { return }
                }
            }
            let lines = history.withLock { $0 }
            #expect(lines.count == 10)
            #expect(lines.allSatisfy { $0["unit"] == unit && $0["cursor"] != nil && $0["level"] != nil })
            #expect(lines.contains { $0["message"] == "listening on \(port)" })
            #expect(followed.withLock { $0.contains { $0["message"] == "line 1" } }, "the follow delivered the restarted app's first line")
            #expect(try await api.call(.GET, "/api/apps/\(name)/unit").text.contains("X-SiaxManaged=yes"))

            // Delete: unit, links, registry entry and systemd's memory of it are gone.
            let finalPID = try #require(try await api.call(.GET, "/api/apps/\(name)/status").json["pid"] as? Int)
            let deleted = try await api.call(.DELETE, "/api/apps/\(name)")
            #expect(deleted.status == 200, "\(deleted.text)")
            #expect(deleted.json["deleted"] as? String == name)
            #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/\(unit)"))
            #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/multi-user.target.wants/\(unit)"))
            #expect(try await api.call(.GET, "/api/apps/\(name)").status == 404)
            #expect(!(try String(contentsOfFile: "\(api.base.stateDir)/apps.json", encoding: .utf8)).contains(name))
            #expect(try Command.systemctl("status", unit).status == 4)
            #expect(await eventually { !Probe.isAlive(Int32(finalPID)) })

            // Every change is in the audit log.
            let audit = try await api.call(.GET, "/api/audit?limit=100")
            let actions = (audit.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            for action in ["register", "start", "stop", "restart", "delete"] { #expect(actions.contains(action), "\(action)") }
        }
    }
}
