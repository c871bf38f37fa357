import CoreMetrics
import Foundation
import Kernel
import KernelTestSupport
import Logging

/// A Kernel around the in-memory backend and store, with one registered
/// `node` app (`shop`) whose script and working directory exist.
struct MonitorKernel {
    let root: String
    let backend = MemoryServiceBackend()
    let kernel: AgentKernel
    let scanner = FakeScanner()

    var workingDir: String { "\(root)/shop" }
    var script: String { "\(root)/shop/server.js" }
    let unit = "shop.service"

    init(monitorInterval: Double = 2, metrics: any MetricsFactory = NOOPMetricsHandler.instance) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("siax-monitor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/shop", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/units", withIntermediateDirectories: true)
        try Data("// app\n".utf8).write(to: URL(fileURLWithPath: "\(root)/shop/server.js"))
        var config = AgentConfig()
        config.unitDir = "\(root)/units"
        config.monitorIntervalS = monitorInterval
        config.operationIntervalS = 0.01
        kernel = AgentKernel(
            config: config, runtimes: RuntimeCatalog([NamedRuntime("node", names: ["node"]), NamedRuntime("python", names: ["python3"])]),
            backend: backend, store: MemoryRegistryStore(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), sandbox: true, metrics: metrics)
    }

    func spec(_ name: String = "shop", port: Int? = 8000, healthCheck: HealthCheck? = nil) -> AppSpec {
        AppSpec(name: name, runtime: "node", scriptPath: script, workingDir: workingDir, user: "nobody",
                port: port, healthCheck: healthCheck)
    }

    /// Registers `shop` (or another spec).
    @discardableResult
    func register(_ spec: AppSpec? = nil) async throws -> ManagedApp {
        try await kernel.apps.register(spec ?? self.spec(), actor: Requester(name: "test"))
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

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}
