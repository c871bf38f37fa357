import Foundation
import Kernel
import KernelTestSupport
import Logging

/// A temporary directory with a script and a unit directory, removed by `cleanUp`.
struct Sandbox {
    let root: String
    var script: String { "\(root)/app/server.js" }
    var workingDir: String { "\(root)/app" }
    var unitDir: String { "\(root)/units" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("siax-kernel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/app", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/units", withIntermediateDirectories: true)
        try Data("// app\n".utf8).write(to: URL(fileURLWithPath: "\(root)/app/server.js"))
    }

    func spec(_ name: String = "shop-api", args: [String] = [], environment: [String: String] = [:]) -> AppSpec {
        AppSpec(name: name, runtime: "fake", scriptPath: script, workingDir: workingDir, user: "nobody",
                args: args, environment: environment, port: 8000)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}

/// A Kernel around the in-memory backend and store.
struct TestKernel {
    let sandbox: Sandbox
    let backend = MemoryServiceBackend()
    let store = MemoryRegistryStore()
    let kernel: AgentKernel

    init(operationInterval: Double = 1) throws {
        sandbox = try Sandbox()
        var config = AgentConfig()
        config.unitDir = sandbox.unitDir
        config.operationIntervalS = operationInterval
        kernel = AgentKernel(
            config: config, runtimes: RuntimeCatalog([FakeRuntime()]), backend: backend, store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), sandbox: true)
    }

    var units: UnitDirectory { UnitDirectory(path: sandbox.unitDir) }
}
