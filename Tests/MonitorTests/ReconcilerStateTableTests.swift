import Foundation
import Kernel
import Monitor
import Testing

/// docs/architecture.md's state table, row by row, with a fake scan and the in-memory systemd.
@Suite("Reconciler: the state table")
struct ReconcilerStateTableTests {
    /// One pass for the registered app `shop`, given systemd's view and the scan.
    func state(_ active: String, _ sub: String, pid: Int32? = nil, processes: (MonitorKernel) -> [ScannedProcess]) async throws -> AppStatus {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.systemd(active, sub, pid: pid)
        t.scanner.set(processes(t))
        let reconciler = Reconciler(kernel: t.kernel, scanner: t.scanner, recheckDelay: .zero)
        return try #require(await reconciler.pass()["shop"])
    }

    @Test("alive + active → running")
    func running() async throws {
        #expect(try await state("active", "running", pid: 10) { [$0.node(pid: 10)] }.state == .running)
    }

    @Test("not alive + active → crashed")
    func crashed() async throws {
        #expect(try await state("active", "running", pid: 10) { _ in [] }.state == .crashed)
    }

    @Test("not alive + failed → failed")
    func failed() async throws {
        #expect(try await state("failed", "failed") { _ in [] }.state == .failed)
    }

    @Test("alive outside the unit + inactive or failed → zombie", arguments: [("inactive", "dead"), ("failed", "failed")])
    func zombie(active: String, sub: String) async throws {
        let status = try await state(active, sub) { [$0.node(pid: 77, unit: "session-4.scope")] }
        #expect(status.state == .zombie)
        #expect(status.pid == 77)
    }

    @Test("activating / deactivating / auto-restart → starting / stopping / restarting, alive or not", arguments: [
        ("activating", "start", AppState.starting), ("deactivating", "stop-sigterm", .stopping),
        ("activating", "auto-restart", .restarting),
    ])
    func transitions(active: String, sub: String, expected: AppState) async throws {
        #expect(try await state(active, sub) { _ in [] }.state == expected)
        #expect(try await state(active, sub, pid: 10) { [$0.node(pid: 10)] }.state == expected)
    }

    @Test("not alive + inactive → stopped")
    func stopped() async throws {
        #expect(try await state("inactive", "dead") { _ in [] }.state == .stopped)
    }

    @Test("systemd unreachable → unknown")
    func unknown() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.scanner.set([t.node(pid: 10)])
        t.backend.fail("status", with: SiaxError(.backendUnavailable, "simulated: bus gone"))
        let status = try #require(await Reconciler(kernel: t.kernel, scanner: t.scanner).pass()["shop"])
        #expect(status.state == .unknown)
    }

    @Test("a failed scan falls back to systemd's view alone")
    func scanFails() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        t.systemd("active", "running", pid: 10)
        t.scanner.failing(true)
        let status = try #require(await Reconciler(kernel: t.kernel, scanner: t.scanner).pass()["shop"])
        #expect(status.state == .running)
        #expect(status.pid == 10)
    }

    @Test("running: CPU and memory summed over the unit's processes; PID, uptime, restarts and since from systemd")
    func resources() async throws {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        let now = Date()
        let since = now.addingTimeInterval(-90)
        t.backend.addUnit(UnitStatus(unit: t.unit, activeState: "active", subState: "running", unitFileState: "enabled",
                                     mainPID: 10, restarts: 2, since: since, memoryCurrent: 1))
        t.scanner.set([
            t.node(pid: 10, cpu: 1.5, memory: 40_000_000),
            t.node(pid: 11, argv: ["node", "worker.js"], cpu: 2.5, memory: 10_000_000),
            t.node(pid: 12, unit: "other.service", cpu: 50, memory: 1),
        ])
        let status = try #require(await Reconciler(kernel: t.kernel, scanner: t.scanner).pass(at: now)["shop"])
        #expect(status.state == .running)
        #expect(status.pid == 10)
        #expect(status.cpuPercent == 4.0)
        #expect(status.memoryBytes == 50_000_000)
        #expect(status.uptimeSeconds == 90)
        #expect(status.restarts == 2)
        #expect(status.since == since)
        #expect(status.unitFileState == "enabled")
        #expect(await t.kernel.statusCache.fresh(maxAge: 10, now: now)?["shop"] == status)
        #expect(await t.kernel.statusCache.samples(of: "shop").map(\.cpuPercent) == [4.0])
    }

    /// One pass on cgroup v2: the unit charged 36.2 MB, with `cpuPercent` from its CPU time
    /// (nil: none yet), and two processes of 1.5 % CPU each, 40 and 13.9 MB.
    func cgroupV2Pass(unitCPUPercent: Double?) async throws -> AppStatus {
        let t = try MonitorKernel(); defer { t.cleanUp() }
        try await t.register()
        var unit = UnitStatus(unit: t.unit, activeState: "active", subState: "running", mainPID: 10, memoryCurrent: 36_200_000)
        unit.memoryIsCgroupV2 = true
        unit.cpuPercent = unitCPUPercent
        t.backend.addUnit(unit)
        t.scanner.set([t.node(pid: 10, cpu: 1.5, memory: 40_000_000), t.node(pid: 11, argv: ["node", "worker.js"], memory: 13_900_000)])
        return try #require(await Reconciler(kernel: t.kernel, scanner: t.scanner).pass()["shop"])
    }

    @Test("on cgroup v2 the app's memory is its unit's charge (systemd's MemoryCurrent), not the processes' RSS summed")
    func cgroupV2Memory() async throws {
        let status = try await cgroupV2Pass(unitCPUPercent: nil)
        #expect(status.memoryBytes == 36_200_000)
        #expect(status.cpuPercent == 3.0)
    }

    @Test("on cgroup v2 the app's CPU is its unit's (CPU time between two reads), not the processes' CPU summed")
    func cgroupV2CPU() async throws {
        #expect(try await cgroupV2Pass(unitCPUPercent: 12.5).cpuPercent == 12.5)
    }

    @Test("CPU is nil on the first scan (no sample yet), not 0")
    func firstScanCPU() async throws {
        let status = try await state("active", "running", pid: 10) { [$0.node(pid: 10, cpu: nil)] }
        #expect(status.cpuPercent == nil)
        #expect(status.memoryBytes == 40_000_000)
    }
}
