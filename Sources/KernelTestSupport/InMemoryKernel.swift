import CoreMetrics
import Foundation
import Kernel
import Logging

/// A Kernel around the in-memory backend and store, in a temporary directory of its own
/// (`app/server.js`, `units/`, `state/`): what the test targets of the Kernel, the monitor,
/// the cloud reporter and the transports build on. Remove it with `cleanUp()`.
public struct InMemoryKernel: Sendable {
    /// The temporary directory.
    public let root: String
    public let backend: MemoryServiceBackend
    public let store = MemoryRegistryStore()
    public let kernel: AgentKernel

    /// The test app's working directory, `app/`.
    public var workingDir: String { "\(root)/app" }
    /// The test app's script, `app/server.js`.
    public var script: String { "\(root)/app/server.js" }
    /// The unit directory of the configuration.
    public var unitDir: String { "\(root)/units" }
    /// The state directory of the configuration.
    public var stateDir: String { "\(root)/state" }
    /// The unit directory the Kernel writes into.
    public var units: UnitDirectory { UnitDirectory(path: unitDir) }

    /// - Parameters:
    ///   - runtimes: the runtimes apps may name (default: `FakeRuntime`, id `fake`).
    ///   - configure: changes to the configuration (unit and state directories in `root`,
    ///     operations 10 ms apart).
    ///   - backend: the in-memory backend to use (default: a new one).
    ///   - logger: where the Kernel logs (default: nowhere).
    public init(
        runtimes: [any Runtime] = [FakeRuntime()], configure: (inout AgentConfig) throws -> Void = { _ in },
        backend: MemoryServiceBackend = MemoryServiceBackend(),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        scanner: (any ProcessScanner)? = nil, metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("siax-test-\(UUID().uuidString)").path
        for dir in ["app", "units", "state"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        try Data("// app\n".utf8).write(to: URL(fileURLWithPath: "\(root)/app/server.js"))
        var config = AgentConfig()
        config.unitDir = "\(root)/units"
        config.stateDir = "\(root)/state"
        config.operationIntervalS = 0.01
        try configure(&config)
        self.backend = backend
        kernel = AgentKernel(
            config: config, runtimes: RuntimeCatalog(runtimes), backend: backend, store: store,
            logger: logger, sandbox: true, scanner: scanner, metrics: metrics)
    }

    /// A spec of the test app that validates (runtime `fake` unless told otherwise).
    public func spec(
        _ name: String = "shop-api", runtime: String = "fake", args: [String] = [], environment: [String: String] = [:],
        port: Int? = 8000, healthCheck: HealthCheck? = nil
    ) -> AppSpec {
        AppSpec(name: name, runtime: runtime, scriptPath: script, workingDir: workingDir, user: "nobody",
                args: args, environment: environment, port: port, healthCheck: healthCheck)
    }

    /// Registers a spec through the Kernel, as `test`.
    @discardableResult
    public func register(_ spec: AppSpec) async throws -> ManagedApp {
        try await kernel.apps.register(spec, actor: Requester(name: "test"))
    }

    /// Removes the temporary directory.
    public func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}
