import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Validation, injection and rate limiting against the real systemd.
@Suite("Unit generation cannot be injected; bad input writes nothing", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct SafetyTests {
    let admin = Requester(name: "integration")

    /// Every hostile string from the issue, as args and as environment values.
    static let hostile = [
        "%h", "%%", "100%", "$HOME", "${X}", ";", "\\;", "trailing\\", "\"quoted\"", "'single'",
        "x\" \"LD_PRELOAD=/tmp/e.so", "--inspect=0.0.0.0:9229", "-e", "a b  c", "ünïcödé", "",
    ]

    @Test("hostile args and environment reach the process byte for byte")
    func injection() async throws {
        let harness = try Harness()
        let dir = try harness.install("node-app")
        var environment: [String: String] = ["LINES": "1"]
        for (index, value) in Self.hostile.enumerated() { environment["HOSTILE_\(index)"] = value }
        let spec = AppSpec(
            name: "it-hostile", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody",
            args: Self.hostile, environment: environment, port: Harness.freePort())
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            let verify = try Command.run("/usr/bin/systemd-analyze", ["verify", "/etc/systemd/system/it-hostile.service"])
            #expect(verify.status == 0, "\(verify.stderr)")
            let status = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let pid = try #require(status.pid)

            let cmdline = try Probe.procStrings(pid, "cmdline")
            #expect(cmdline == ["/usr/bin/node", "\(dir)/server.js"] + Self.hostile)
            let environ = try Probe.procStrings(pid, "environ")
            for (index, value) in Self.hostile.enumerated() {
                #expect(environ.contains("HOSTILE_\(index)=\(value)"), "HOSTILE_\(index)=\(value)")
            }
            #expect(!environ.contains { $0.hasPrefix("LD_PRELOAD=") })
        }
    }

    @Test("validation failures name the field and leave units and registry untouched")
    func validation() async throws {
        let harness = try Harness()
        let dir = try harness.install("node-app")
        let good = AppSpec(name: "it-valid", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody", port: 3000)
        try await harness.run(cleaningUp: []) {
            var cases: [(String, AppSpec)] = []
            var spec = good; spec.scriptPath = "\(dir)/missing.js"; cases.append(("script_path", spec))
            spec = good; spec.user = "no-such-user"; cases.append(("user", spec))
            spec = good; spec.name = "Bad Name"; cases.append(("name", spec))
            spec = good; spec.name = "../../etc/passwd"; cases.append(("name", spec))
            spec = good; spec.args = ["ok", "x\nExecStartPre=/bin/sh -c 'touch /pwned'"]; cases.append(("args[1]", spec))
            spec = good; spec.environment = ["A": "1\n[Service]\nUser=root"]; cases.append(("environment.A", spec))
            spec = good; spec.environment = ["A B": "1"]; cases.append(("environment", spec))
            spec = good; spec.workingDir = "\(dir)/server.js"; cases.append(("working_dir", spec))
            spec = good; spec.user = "root\nUser=nobody"; cases.append(("user", spec))
            spec = good; spec.name = "dbus"; cases.append(("name", spec))
            for (field, spec) in cases {
                let error = await #expect(throws: SiaxError.self, "\(field)") { try await harness.kernel.apps.register(spec, actor: admin) }
                #expect(error?.field == field, "expected field \(field), got \(String(describing: error))")
            }
            // Other suites write units concurrently: look for anything generated from these specs.
            let written = try FileManager.default.contentsOfDirectory(atPath: "/etc/systemd/system").filter {
                (try? String(contentsOfFile: "/etc/systemd/system/\($0)", encoding: .utf8))?.contains(dir) == true
            }
            #expect(written.isEmpty, "units written from refused specs: \(written)")
            #expect(!FileManager.default.fileExists(atPath: "/etc/systemd/system/dbus.service"))
            #expect(await harness.kernel.apps.list().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: "/pwned"))
        }
    }

    @Test("a second operation within the interval is refused with retry-after; a client that waits as told is accepted")
    func rateLimit() async throws {
        // 5 s: the refusal holds even if the machine stalls between the two calls.
        let harness = try Harness(operationInterval: 5)
        let dir = try harness.install("node-app")
        let spec = AppSpec(name: "it-rate", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody",
                           environment: ["LINES": "1"], port: Harness.freePort())
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            _ = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let refused = ContinuousClock.now
            let error = await #expect(throws: SiaxError.self) {
                try await harness.kernel.lifecycle.perform(.restart, on: "it-rate.service", actor: admin)
            }
            #expect(error?.code == .rateLimited)
            let retryAfter = try #require(error?.retryAfterSeconds)
            #expect((1...5).contains(retryAfter))
            // Retried until accepted: never before the interval is over.
            var restarted: AppStatus?
            let accepted = await eventually {
                restarted = try? await harness.kernel.lifecycle.perform(.restart, on: spec.name, actor: admin)
                return restarted != nil
            }
            #expect(accepted)
            #expect(refused.duration(to: .now) >= .seconds(retryAfter - 1))
            #expect(restarted?.state == .running)
        }
    }

    @Test("a start that systemd fails is reported with systemd's reason")
    func startFailure() async throws {
        let harness = try Harness()
        let dir = try harness.install("node-app")
        let spec = AppSpec(name: "it-fail", runtime: "nodejs", scriptPath: "\(dir)/server.js", workingDir: dir, user: "nobody", port: 3000)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            // The working directory vanishes after registration: Type=exec makes the start fail visibly.
            try FileManager.default.removeItem(atPath: dir)
            let error = await #expect(throws: SiaxError.self) { try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin) }
            #expect(error?.code == .operationFailed)
            #expect(error?.message.contains("exit-code") == true, "\(String(describing: error))")
        }
    }
}
