import Foundation
import Kernel
import Monitor
import Testing

@Suite("Reconciler: zombie detection")
struct ReconcilerZombieTests {
    func pass(_ t: MonitorKernel, _ processes: [ScannedProcess]) async throws -> AppStatus {
        t.scanner.set(processes)
        return try #require(await Reconciler(kernel: t.kernel, scanner: t.scanner, recheckDelay: .zero).pass()["shop"])
    }

    @Test("a process outside the unit is the app's when it names the script, absolutely or relative to its cwd, or shares the working dir")
    func matching() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.systemd("inactive", "dead")
        #expect(try await pass(t, [t.node(pid: 20, unit: nil, cwd: "/root", argv: ["node", t.script])]).state == .zombie)
        #expect(try await pass(t, [t.node(pid: 21, unit: "session-1.scope", argv: ["node", "server.js"])]).state == .zombie)
        #expect(try await pass(t, [t.node(pid: 22, unit: nil, cwd: t.root, argv: ["node", "./app/server.js"])]).state == .zombie)
        #expect(try await pass(t, [t.node(pid: 23, unit: nil, argv: ["node", "--inspect", "other.js"])]).state == .zombie)
    }

    @Test("not a zombie: another directory and script, another runtime, or another managed app's process")
    func notZombie() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        var other = t.spec("other")
        other.scriptPath = t.script
        try await t.register(other)
        t.systemd("inactive", "dead")
        t.systemd("active", "running", pid: 31, unit: "other.service")
        let unrelated = t.node(pid: 30, unit: nil, cwd: "/srv/elsewhere", argv: ["node", "/srv/elsewhere/app.js"])
        let python = ScannedProcess(pid: 32, ppid: 1, uid: 0, exe: "/usr/bin/python3", argv: ["python3", "server.js"], cwd: t.workingDir)
        let otherApps = t.node(pid: 31, unit: "other.service")
        #expect(try await pass(t, [unrelated, python, otherApps]).state == .stopped)
    }

    @Test("while the unit is active, processes outside it do not count: no own process is a crash")
    func activeIgnoresStrays() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.systemd("active", "running", pid: 10)
        let stray = t.node(pid: 40, unit: nil)
        #expect(try await pass(t, [stray]).state == .crashed)
        #expect(try await pass(t, [stray, t.node(pid: 10)]).state == .running)
    }

    @Test("a zombie's status shows the stray's PID, resources and age")
    func zombieStatus() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.systemd("inactive", "dead")
        let started = Date().addingTimeInterval(-30)
        let status = try await pass(t, [t.node(pid: 50, unit: nil, cpu: 3, memory: 7, startedAt: started)])
        #expect(status.state == .zombie)
        #expect(status.pid == 50)
        #expect(status.cpuPercent == 3)
        #expect(status.memoryBytes == 7)
        #expect((29...31).contains(status.uptimeSeconds ?? -1))
    }
}
