import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// The `http` transport: one Hummingbird server on config `listen` serving
/// the REST API, the web panel, `/openapi.json` and `/api-docs`.
///
/// How the config's transport names map onto this one listening server:
/// - `http` is the server itself (REST, panel, OpenAPI, tokens, sessions, audit).
/// - `websocket` adds `WS /logs/{name}` and `WS /api/events/stream` to it.
/// - `webhook` adds `POST /webhook/command` to it.
/// - `metrics` adds `GET /metrics` to it (the executable passes `MetricsRoutes` as `extraRoutes`).
///
/// With no `transports` key every registered transport runs, so all four
/// are on. Listing `websocket`, `webhook` or `metrics` without `http` is refused at
/// start-up; each of them is a `Transport` of its own (see
/// `RouteFeatureTransport`) only so that config can name it.
public struct HTTPTransport: Transport {
    public let name = "http"
    private let server: APIServer
    private let address: ListenAddress
    private let logger: Logger
    private let onListening: (@Sendable () async -> Void)?

    /// Builds the server from the kernel's configuration and the environment
    /// (`SIAX_ADMIN_TOKEN`); refuses a non-loopback `listen` with no token configured.
    ///
    /// - Parameters:
    ///   - extraRoutes: route groups of further transports (e.g. `/metrics`).
    ///   - onListening: called once the server listens.
    public init(
        kernel: AgentKernel, environment: [String: String] = ProcessInfo.processInfo.environment,
        extraRoutes: [any APIRouteProvider] = [], onListening: (@Sendable () async -> Void)? = nil
    ) throws {
        let config = kernel.config
        guard let address = ListenAddress(config.listen) else {
            throw SiaxError(.badRequest, "configuration key 'listen': expected host:port, got '\(config.listen)'", field: "listen")
        }
        let adminToken = environment["SIAX_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        try Self.refuseOpenListen(address, stateDir: config.stateDir, adminToken: adminToken)
        let tokens = try TokenStore(stateDir: config.stateDir, adminToken: adminToken, logger: kernel.logger)
        let authenticator = Authenticator(tokens: tokens, sessions: SessionStore(), throttle: AuthThrottle())
        let audit = try AuditLog(stateDir: config.stateDir, logger: kernel.logger)
        let enabled = Set(config.transports ?? ["http", "websocket", "webhook"])
        server = try APIServer(
            services: APIServices(kernel: kernel, authenticator: authenticator, audit: audit),
            features: .init(webSocket: enabled.contains("websocket"), webhook: enabled.contains("webhook")),
            extraRoutes: extraRoutes)
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
        logger.info("http: listening on \(address.host):\(address.port) (websocket \(server.features.webSocket ? "on" : "off"), webhook \(server.features.webhook ? "on" : "off"))")
        let application = server.application(host: address.host, port: address.port, onListening: onListening)
        let views = server.services.appViews
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await views.followEvents() }
            group.addTask { try await application.run() }
        }
    }
}

/// `websocket`, `webhook` and `metrics`: switches for routes of the `http` server.
/// They hold no resources of their own and run until shutdown.
public struct RouteFeatureTransport: Transport {
    public let name: String

    /// The switch `name`; refused when config does not also run `http`.
    public init(name: String, kernel: AgentKernel) throws {
        if let names = kernel.config.transports, !names.contains("http") {
            throw SiaxError(
                .badRequest, "configuration key 'transports': '\(name)' adds routes to the 'http' transport; list 'http' too",
                field: "transports")
        }
        self.name = name
    }

    public func run() async throws {
        try? await gracefulShutdown()
    }
}
