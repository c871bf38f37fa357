import Foundation
import CloudReporter
import Kernel
import KernelTestSupport
import Logging
import Runtimes
import Store
import Synchronization
import SystemctlBackend

/// A kernel on the real systemd of the sandbox: real runtimes, the systemctl
/// backend (or the one given), a file registry in a private state dir, units in /etc/systemd/system.
struct Harness {
    let kernel: AgentKernel
    let stateDir: String
    let workDir: String
    let backend: any ServiceBackend
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    init(
        operationInterval: Double = 0.05, extraRuntimeDirs: [String] = [], backend: (any ServiceBackend)? = nil,
        cloudURL: String? = nil, monitorInterval: Double = 2
    ) throws {
        try SystemdEnvironment.check()
        // Not /tmp: generated units use PrivateTmp=yes, so an app under /tmp
        // would not see its own files. The sandbox keeps this directory private.
        let base = "/var/lib/siax-agent/it-\(UUID().uuidString.prefix(8).lowercased())"
        stateDir = "\(base)/state"
        workDir = "\(base)/apps"
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for dir in ["/var/lib/siax-agent", base] { chmod(dir, 0o755) }
        var config = AgentConfig()
        config.stateDir = stateDir
        config.operationIntervalS = operationInterval
        config.operationTimeoutS = 30
        config.monitorIntervalS = monitorInterval
        // The FastAPI apps run as root: the test venv is not readable by an unprivileged user.
        config.allowRootApps = true
        try config.update(CloudSettings.self) { $0.cloud.url = cloudURL }
        let result = RuntimeLoader.load(directories: ["\(Self.repo)/Plugins/runtimes"] + extraRuntimeDirs)
        guard result.issues.isEmpty else { throw HarnessError("runtime definitions failed to load: \(result.issues)") }
        let logger = Logger(label: "integration", factory: { _ in SwiftLogNoOpLogHandler() })
        self.backend = backend
            ?? SystemctlBackend(configuration: .init(useSudo: false, operationTimeout: .seconds(30), pollInterval: .seconds(1)), logger: logger)
        kernel = AgentKernel(
            config: config, runtimes: result.catalog, backend: self.backend,
            store: try FileRegistryStore(stateDir: stateDir), logger: logger, sandbox: true)
    }

    /// Copies a fixture app (`Tests/IntegrationTests/Apps/<name>`) to a world-readable place.
    func install(_ fixture: String) throws -> String {
        let source = "\(Self.repo)/Tests/IntegrationTests/Apps/\(fixture)"
        let destination = "\(workDir)/\(fixture)"
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: destination)
        return destination
    }

    /// Runs `body`, then deletes `apps` if still registered and removes the directories, even when `body` throws.
    func run(cleaningUp apps: [String], _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await cleanUp(apps: apps)
            throw error
        }
        await cleanUp(apps: apps)
    }

    /// Removes the app if still registered, and the temporary directories.
    func cleanUp(apps names: [String]) async {
        for name in names { try? await kernel.delete(name, actor: .agent) }
        try? FileManager.default.removeItem(atPath: (workDir as NSString).deletingLastPathComponent)
    }

    /// Ports handed out so far, counting up from a random start in 20000–29999: below Linux's
    /// ephemeral range (32768–60999), so no outgoing connection takes one; never the same twice,
    /// so an app restarting on its port cannot find another test's app there; and a random start,
    /// so two test runs on one machine (sandboxes share the host's network) do not hand out the same.
    private static let nextPort = Mutex(Int.random(in: 20_000..<28_000))

    /// A TCP port on 127.0.0.1 that is free now and given to no other test.
    static func freePort() -> Int {
        while true {
            let port = nextPort.withLock { port in
                defer { port += 1 }
                return port
            }
            if canBind(port) { return port }
        }
    }

    /// Whether 127.0.0.1:`port` can be bound now.
    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
