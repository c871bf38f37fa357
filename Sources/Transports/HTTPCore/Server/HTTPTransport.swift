import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// The `http` transport: one Hummingbird server on the `listen` key serving
/// the REST API, `/openapi.json` and `/api-docs`, plus the route groups of its
/// parts — each a plugin of its own, registered with `PluginRegistry.registerPart(of: "http")`:
/// `websocket` (the WebSocket streams), `webhook` (`POST /webhook/command`),
/// `metrics` (`GET /metrics`) and `panel` (the web panel's files).
public struct HTTPTransport: Transport {
    public let name = "http"
    private let server: APIServer
    private let address: ListenAddress
    private let logger: Logger
    private let onListening: (@Sendable (String) async -> Void)?

    /// Builds the server from its settings and the environment (`SIAX_ADMIN_TOKEN`);
    /// refuses a non-loopback `listen` with no token configured.
    ///
    /// - Parameters:
    ///   - parts: the route groups of the parts that run.
    ///   - onListening: called with `host:port` once the server listens (the agent then tells systemd `READY=1`).
    public init(
        kernel: AgentKernel, settings: HTTPSettings, parts: [any APIRouteProvider] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        onListening: (@Sendable (String) async -> Void)? = nil
    ) throws {
        let config = kernel.config
        guard let address = ListenAddress(settings.listen) else {
            throw ConfigLoader.invalid("listen", "expected host:port, got '\(settings.listen)'")
        }
        let adminToken = environment["SIAX_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        try Self.refuseOpenListen(address, stateDir: config.stateDir, adminToken: adminToken)
        let tokens = try TokenStore(stateDir: config.stateDir, adminToken: adminToken, logger: kernel.logger)
        let sessions = SessionStore(path: SessionStore.filePath(stateDir: config.stateDir))
        let authenticator = Authenticator(tokens: tokens, sessions: sessions, throttle: AuthThrottle())
        let audit = try AuditLog(stateDir: config.stateDir, logger: kernel.logger)
        server = APIServer(
            services: APIServices(kernel: kernel, authenticator: authenticator, audit: audit, settings: settings),
            settings: settings, parts: parts)
        self.address = address
        logger = kernel.logger
        self.onListening = onListening
    }

    /// A non-loopback address needs `SIAX_ADMIN_TOKEN` or an existing token store.
    static func refuseOpenListen(_ address: ListenAddress, stateDir: String, adminToken: String?) throws {
        guard !address.isLoopback, adminToken == nil,
              !FileManager.default.fileExists(atPath: TokenStore.filePath(stateDir: stateDir)) else { return }
        throw SiaxError(
            .badRequest,
            "refusing to listen on \(address.host):\(address.port) (not loopback) with no API token configured: set SIAX_ADMIN_TOKEN, or start once on 127.0.0.1 so a token is generated into \(TokenStore.adminTokenPath(stateDir: stateDir))",
            field: "listen")
    }

    public func run() async throws {
        let listening = onListening.map { callback in { @Sendable [address] in await callback("\(address.host):\(address.port)") } }
        let application = server.application(host: address.host, port: address.port, onListening: listening)
        logger.info("http: listening on \(address.host):\(address.port)")
        let views = server.services.appViews
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await views.followEvents() }
            group.addTask { try await application.run() }
        }
    }
}
