import CoreMetrics
import Foundation
import Kernel
import KernelTestSupport
import Logging

/// A Kernel around the in-memory backend and store (`InMemoryKernel`), with the runtimes
/// `node` and `python`, whose test app `shop` has a script and a working directory.
struct MonitorKernel {
    let base: InMemoryKernel
    let scanner = FakeScanner()
    let unit = "shop.service"

    var root: String { base.root }
    var backend: MemoryServiceBackend { base.backend }
    var kernel: AgentKernel { base.kernel }
    var workingDir: String { base.workingDir }
    var script: String { base.script }

    init(monitorInterval: Double = 2, metrics: any MetricsFactory = NOOPMetricsHandler.instance) throws {
        base = try InMemoryKernel(
            runtimes: [NamedRuntime("node", names: ["node"]), NamedRuntime("python", names: ["python3"])],
            configure: { $0.monitorIntervalS = monitorInterval }, metrics: metrics)
    }

    func spec(_ name: String = "shop", port: Int? = 8000, healthCheck: HealthCheck? = nil) -> AppSpec {
        base.spec(name, runtime: "node", port: port, healthCheck: healthCheck)
    }

    /// Registers `shop` (or another spec).
    @discardableResult
    func register(_ spec: AppSpec? = nil) async throws -> ManagedApp {
        try await base.register(spec ?? self.spec())
    }

    /// Sets what systemd "says" about the app's unit.
    func systemd(_ activeState: String, _ subState: String, pid: Int32? = nil, restarts: Int = 0, result: String = "success",
                 unit: String? = nil, since: Date? = nil) {
        backend.addUnit(UnitStatus(
            unit: unit ?? self.unit, activeState: activeState, subState: subState, unitFileState: "enabled",
            mainPID: pid, restarts: restarts, result: result, since: since, memoryCurrent: 1_000_000))
    }

    /// A `node server.js` process, in the app's unit by default.
    func node(pid: Int32, unit: String? = "shop.service", cwd: String? = nil, argv: [String]? = nil,
              cpu: Double? = 1.5, memory: UInt64? = 40_000_000, startedAt: Date? = nil) -> ScannedProcess {
        ScannedProcess(pid: pid, ppid: 1, uid: 65534, user: "nobody", exe: "/usr/bin/node", argv: argv ?? ["node", script],
                       cwd: cwd ?? workingDir, unit: unit, startedAt: startedAt, cpuPercent: cpu, memoryBytes: memory)
    }

    /// Events published so far.
    func events() async -> [AgentEvent] { await kernel.events.recent(limit: 1000) }

    func cleanUp() { base.cleanUp() }
}
