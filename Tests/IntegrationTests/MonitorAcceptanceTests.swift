import CloudReporter
import Foundation
import Kernel
import KernelTestSupport
import Monitor
import Testing

/// The monitor against the sandbox's real systemd, with real Node.js and uvicorn apps.
@Suite("Monitor on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct MonitorAcceptanceTests {
    let admin = Requester(name: "integration")

    @Test("a running app is reported running with the PID, CPU and RSS that /proc shows", arguments: ["nodejs", "python-fastapi"])
    func running(runtime: String) async throws {
        let harness = try Harness()
        let spec = try appSpec(runtime, name: "it-mon-run", harness: harness)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let started = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let pid = try #require(started.pid)
            _ = try await Probe.getJSON(port: spec.port!)
            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            await reconciler.pass()
            try await Task.sleep(for: .milliseconds(500))
            let status = try #require(await reconciler.pass()["it-mon-run"])

            #expect(status.state == .running)
            #expect(status.pid == pid)
            #expect(status.uptimeSeconds != nil)
            let cpu = try #require(status.cpuPercent)
            #expect(cpu >= 0 && cpu < 200)
            let statm = try String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8).split(separator: " ")
            let rss = Double(UInt64(statm[1])! * UInt64(sysconf(Int32(_SC_PAGESIZE))))
            let memory = Double(try #require(status.memoryBytes))
            #expect(memory >= rss * 0.9 && memory <= rss * 1.5, "monitor \(memory) B, /proc/\(pid)/statm \(rss) B")
        }
    }

    @Test(
        "kill -9 of an app with Restart=always: restarting (or crashed), then running with restarts + 1",
        .aloneOnly("a daemon-reload of another suite during the restart delay makes systemd 252 count the restart twice: run alone"))
    func aloneKillNine() async throws {
        let harness = try Harness()
        var spec = try appSpec("nodejs", name: "it-mon-kill", harness: harness)
        spec.restart = .always
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let started = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let pid = try #require(started.pid)
            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            let before = try #require(await reconciler.pass()["it-mon-kill"])
            #expect(before.state == .running)

            kill(pid, SIGKILL)
            let recovered = await eventually {
                let status = await reconciler.pass()["it-mon-kill"]
                return status?.state == .running && status?.pid != pid
            }
            #expect(recovered)
            let after = try #require(await harness.kernel.statusCache.fresh(maxAge: 60)?["it-mon-kill"])
            #expect(after.restarts == before.restarts + 1)
            let states = await stateEvents(harness, "it-mon-kill").compactMap(\.state)
            let down = try #require(states.firstIndex { $0 == .restarting || $0 == .crashed }, "states seen: \(states)")
            #expect(states[down...].contains(.running), "states seen: \(states)")
        }
    }

    @Test("an app that exits at once: failed, or a crash-loop alert, with systemd's reason")
    func exitFast() async throws {
        let harness = try Harness()
        let dir = try harness.install("exit-fast")
        let spec = AppSpec(name: "it-mon-exit", runtime: "nodejs", scriptPath: "\(dir)/exit.js", workingDir: dir, user: "nobody",
                           restart: .onFailure)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            _ = try? await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            let noticed = await eventually(timeout: .seconds(40)) {
                await reconciler.pass()
                return await alerts(harness, "it-mon-exit").contains { $0.alert == "crash_loop" || $0.alert == "failed" }
            }
            #expect(noticed)
            let alert = try #require(await alerts(harness, "it-mon-exit").first { $0.alert == "crash_loop" || $0.alert == "failed" })
            let detail = try #require(alert.detail)
            #expect(detail.contains("exit code 3") || detail.contains("start limit hit"), "\(detail)")
        }
    }

    @Test("a process started by hand outside systemd while its unit is stopped is a zombie, and the cloud hears of it")
    func zombie() async throws {
        let cloud = try LocalHTTPServer()
        defer { cloud.stop() }
        let harness = try Harness(cloudURL: cloud.url)
        let spec = try appSpec("nodejs", name: "it-mon-zombie", harness: harness)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let stray = Process()
            stray.executableURL = URL(fileURLWithPath: "/usr/bin/node")
            stray.arguments = ["server.js"]
            stray.currentDirectoryURL = URL(fileURLWithPath: spec.workingDir)
            stray.environment = ["PORT": "\(spec.port!)", "LINES": "0", "PATH": "/usr/bin:/bin"]
            stray.standardOutput = FileHandle.nullDevice
            stray.standardError = FileHandle.nullDevice
            try stray.run()
            defer {
                kill(stray.processIdentifier, SIGKILL)
                stray.waitUntilExit()
            }
            _ = try await Probe.getJSON(port: spec.port!)

            let reconciler = Reconciler(kernel: harness.kernel, scanner: ProcScanner())
            let status = try #require(await reconciler.pass()["it-mon-zombie"])
            #expect(status.state == .zombie)
            #expect(status.pid == stray.processIdentifier)
            #expect(await alerts(harness, "it-mon-zombie").contains { $0.alert == "zombie" })
            var discrepancies = DiscrepancyTracker()
            discrepancies.update(["it-mon-zombie": status], units: ["it-mon-zombie": "it-mon-zombie.service"], now: Date())
            let discrepancy = try #require(discrepancies.all.first { $0.appName == "it-mon-zombie" })
            #expect(discrepancy.kind == .zombie)
            #expect(discrepancy.detail.contains("PID \(stray.processIdentifier)"))

            // The cloud reporter (a real HTTP delivery to a local server) carries the discrepancy.
            let reporter = CloudReporter(kernel: harness.kernel, settings: try harness.kernel.config.settings(CloudSettings.self), debounce: 0.1, tick: .milliseconds(50))
            let reporting = Task { try await reporter.run() }
            defer { reporting.cancel() }
            let reported = await eventually {
                await reconciler.pass()  // keeps the kernel's status cache fresh for the reporter
                return cloud.received.contains { request in
                    let entries = request.json?["discrepancies"] as? [[String: Any]] ?? []
                    return entries.contains { $0["app_name"] as? String == "it-mon-zombie" && $0["kind"] as? String == "zombie" }
                }
            }
            #expect(reported, "requests: \(cloud.received.map { String(decoding: $0.body, as: UTF8.self) })")
        }
    }

    @Test("a health check against a port nobody listens on raises an unhealthy alert")
    func unhealthy() async throws {
        let harness = try Harness()
        var spec = try appSpec("nodejs", name: "it-mon-health", harness: harness)
        spec.healthCheck = HealthCheck(type: .http, port: Harness.freePort(), timeoutSeconds: 1, failureThreshold: 1)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            _ = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let checker = HealthChecker(kernel: harness.kernel)
            await checker.checkDue()
            #expect(await checker.health()["it-mon-health"]?.status == .unhealthy)
            let alert = await alerts(harness, "it-mon-health").first { $0.alert == "unhealthy" }
            #expect(alert?.detail?.contains("\(spec.healthCheck!.port!)") == true)
        }
    }

    // MARK: - Helpers

    /// A node-app or fastapi-app spec on a free port.
    func appSpec(_ runtime: String, name: String, harness: Harness) throws -> AppSpec {
        let fixture = runtime == "nodejs" ? "node-app" : "fastapi-app"
        let dir = try harness.install(fixture)
        if runtime != "nodejs" {
            guard let venv = ProcessInfo.processInfo.environment["SIAX_TEST_VENV"] else {
                throw HarnessError("SIAX_TEST_VENV is not set: scripts/test creates the venv with fastapi and uvicorn")
            }
            try FileManager.default.createSymbolicLink(atPath: "\(dir)/.venv", withDestinationPath: venv)
        }
        let script = runtime == "nodejs" ? "server.js" : "main.py"
        // The test venv lives under root's home, which `nobody` cannot read.
        let user = runtime == "nodejs" ? "nobody" : "root"
        return AppSpec(name: name, runtime: runtime, scriptPath: "\(dir)/\(script)", workingDir: dir, user: user,
                       environment: ["LINES": "1"], port: Harness.freePort())
    }

    func alerts(_ harness: Harness, _ app: String) async -> [AgentEvent] {
        await harness.kernel.events.recent(limit: 1000).filter { $0.type == .alert && $0.app == app }
    }

    func stateEvents(_ harness: Harness, _ app: String) async -> [AgentEvent] {
        await harness.kernel.events.recent(limit: 1000).filter { $0.type == .state && $0.app == app }
    }
}
