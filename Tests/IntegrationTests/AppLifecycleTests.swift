import Foundation
import Kernel
import KernelTestSupport
import Testing

/// The original feature list's test plan, for a Node.js app and a FastAPI app,
/// against the real systemd of the sandbox, through each backend.
@Suite("App lifecycle on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct AppLifecycleTests {
    let admin = Requester(name: "integration")

    @Test("Node.js app: register, start, stop, restart, logs, delete", arguments: BackendKind.allCases)
    func nodeApp(_ kind: BackendKind) async throws {
        let harness = try Harness(backend: try await kind.make())
        let dir = try harness.install("node-app")
        let spec = AppSpec(
            name: "it-node-\(kind)", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody",
            environment: ["LINES": "30"], port: Harness.freePort(), enabled: true)
        try await harness.run(cleaningUp: [spec.name]) { try await exercise(spec, harness: harness) }
    }

    @Test("FastAPI app: register, start, stop, restart, logs, delete", arguments: BackendKind.allCases)
    func fastAPIApp(_ kind: BackendKind) async throws {
        let harness = try Harness(backend: try await kind.make())
        let dir = try harness.install("fastapi-app")
        guard let venv = ProcessInfo.processInfo.environment["SIAX_TEST_VENV"] else {
            throw HarnessError("SIAX_TEST_VENV is not set: scripts/test creates the venv with fastapi and uvicorn")
        }
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/.venv", withDestinationPath: venv)
        let spec = AppSpec(
            name: "it-fastapi-\(kind)", runtime: "python-fastapi", scriptPath: "\(dir)/main.py", workingDir: dir, user: "root",
            environment: ["LINES": "30"], port: Harness.freePort(), enabled: true)
        try await harness.run(cleaningUp: [spec.name]) { try await exercise(spec, harness: harness) }
    }

    /// register → unit verifies; start → PID answers on its port; stop → PID gone;
    /// restart → new PID; last 10 log lines; delete → no unit, links, registry entry or systemd state.
    func exercise(_ spec: AppSpec, harness: Harness) async throws {
        let kernel = harness.kernel
        let unitPath = "/etc/systemd/system/\(spec.unitName)"

        // Register: unit written and accepted by systemd-analyze, enabled, not started.
        let app = try await kernel.apps.register(spec, actor: admin)
        #expect(FileManager.default.fileExists(atPath: unitPath))
        let verify = try Command.run("/usr/bin/systemd-analyze", ["verify", unitPath])
        #expect(verify.status == 0, "systemd-analyze verify: \(verify.stderr)")
        #expect(FileManager.default.fileExists(atPath: "/etc/systemd/system/multi-user.target.wants/\(spec.unitName)"))
        #expect(try await kernel.backend.status(of: app.unitName).activeState == "inactive")

        // Start: a PID, and the app answers on its port with that PID.
        let started = try await kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
        let pid = try #require(started.pid)
        #expect(started.state == .running)
        let answer = try await Probe.getJSON(port: spec.port!)
        #expect((answer["pid"] as? Int).map(Int32.init) == pid)

        // Logs: the last 10 lines through the backend's log source.
        let sawLastLine = await eventually {
            let page = try? await kernel.backend.logs.history(of: app.unitName, query: LogQuery(lines: 10))
            return page?.entries.contains { $0.message == "line 30" } == true
        }
        #expect(sawLastLine)
        let page = try await kernel.backend.logs.history(of: app.unitName, query: LogQuery(lines: 10))
        #expect(page.entries.count == 10)
        #expect(page.entries.allSatisfy { $0.unit == app.unitName })
        #expect(page.cursor != nil)

        // Stop: the PID is gone.
        try await Task.sleep(for: .milliseconds(60))
        let stopped = try await kernel.lifecycle.perform(.stop, on: spec.name, actor: admin)
        #expect(stopped.state == .stopped)
        #expect(await eventually { !Probe.isAlive(pid) })

        // Restart: a new PID.
        try await Task.sleep(for: .milliseconds(60))
        let first = try await kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
        try await Task.sleep(for: .milliseconds(60))
        let restarted = try await kernel.lifecycle.perform(.restart, on: spec.name, actor: admin)
        let newPID = try #require(restarted.pid)
        #expect(newPID != first.pid)
        #expect(restarted.state == .running)
        _ = try await Probe.getJSON(port: spec.port!)

        // Delete: unit file, links, registry entry and systemd's memory of it are gone.
        try await Task.sleep(for: .milliseconds(60))
        try await kernel.delete(spec.name, actor: admin)
        #expect(!FileManager.default.fileExists(atPath: unitPath))
        #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/multi-user.target.wants/\(spec.unitName)"))
        #expect(await kernel.apps.list().isEmpty)
        let registry = try String(contentsOfFile: "\(harness.stateDir)/apps.json", encoding: .utf8)
        #expect(!registry.contains(spec.name))
        let status = try Command.systemctl("status", spec.unitName)
        #expect(status.status == 4, "systemctl status should not know \(spec.unitName): \(status.stdout)")
        #expect(await eventually { !Probe.isAlive(newPID) })
    }
}
