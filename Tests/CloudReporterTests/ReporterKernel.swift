import CoreMetrics
import Foundation
import Kernel
import KernelTestSupport
import Logging
import Synchronization

/// A Kernel on the in-memory backend, with a state dir, a cloud config, one
/// registered app and a log that the test can read.
struct ReporterKernel {
    let root: String
    let backend = MemoryServiceBackend()
    let kernel: AgentKernel
    let log = CapturedLog()

    var stateDir: String { "\(root)/state" }
    var outboxFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(stateDir)/cloud-outbox")) ?? []).filter { $0.hasSuffix(".json") }
    }

    init(
        cloudURL: String?, token: String? = "s3cret-token-value", outboxMax: Int = 1000, interval: Double = 60,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("siax-cloud-\(UUID().uuidString)").path
        for dir in ["app", "units", "state"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        try Data("// app\n".utf8).write(to: URL(fileURLWithPath: "\(root)/app/server.js"))
        var config = AgentConfig()
        config.unitDir = "\(root)/units"
        config.stateDir = "\(root)/state"
        config.operationIntervalS = 0.01
        config.cloud.url = cloudURL
        config.cloud.token = token
        config.cloud.intervalS = interval
        config.cloud.outboxMax = outboxMax
        let log = self.log
        kernel = AgentKernel(
            config: config, runtimes: RuntimeCatalog([FakeRuntime()]), backend: backend, store: MemoryRegistryStore(),
            logger: Logger(label: "test", factory: { _ in log }), sandbox: true, metrics: metrics)
        let spec = AppSpec(name: "shop", runtime: "fake", scriptPath: "\(root)/app/server.js", workingDir: "\(root)/app",
                           user: "nobody", port: 8000)
        _ = try await kernel.apps.register(spec, actor: Requester(name: "test"))
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}

/// A log handler that keeps every message (and its metadata) for assertions.
struct CapturedLog: LogHandler {
    /// The lines, shared by every copy of the handler.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    let store = Lines()
    var all: [String] { store.lines.withLock { $0 } }

    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}
