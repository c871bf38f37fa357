import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import KernelTestSupport
import Logging
import NIOCore
@testable import HTTPCore
@testable import MetricsEndpoint
@testable import WebPanel
@testable import WebSocketStreams
@testable import Webhooks

/// An agent around the in-memory backend (`InMemoryKernel`): a kernel, a state directory,
/// an HTTP server with every part (WebSocket streams, webhook, `/metrics`, panel), and
/// tokens for each role. Remove it with `cleanUp()`.
struct TestAgent {
    /// The settings of the HTTP server and its parts.
    struct Settings {
        var http = HTTPSettings()
        var webSocket = WebSocketSettings()
        var webhook = WebhookSettings()
    }

    static let adminToken = "test-admin-token"
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    let base: InMemoryKernel
    /// What the kernel records into and `GET /metrics` renders.
    let metrics = PrometheusMetrics()
    let services: APIServices
    var server: APIServer
    /// The WebSocket streams (their connection limiter).
    let streams: WebSocketRoutes
    var viewerToken = ""
    var operatorToken = ""

    var root: String { base.root }
    var backend: MemoryServiceBackend { base.backend }
    var store: MemoryRegistryStore { base.store }
    var kernel: AgentKernel { base.kernel }
    var stateDir: String { base.stateDir }
    var script: String { base.script }
    var workingDir: String { base.workingDir }

    /// - Parameters:
    ///   - configure: changes to the default test configuration (the Kernel's keys).
    ///   - settings: changes to the server's and its parts' settings (webhook secret: `WebhookFixtures.secret`).
    ///   - logs: the journal (default: none).
    ///   - scanner: a process scanner for `/api/scan`.
    init(
        configure: (inout AgentConfig) -> Void = { _ in }, settings change: (inout Settings) -> Void = { _ in },
        logs: (any LogSource)? = nil,
        scanner: (any ProcessScanner)? = nil, streamCapacities: (logs: Int, events: Int) = (1000, 256),
        panel: URL? = nil
    ) async throws {
        base = try InMemoryKernel(
            configure: { config in
                config.operationIntervalS = 0.001
                configure(&config)
            },
            backend: logs.map { MemoryServiceBackend(logSource: $0) } ?? MemoryServiceBackend(),
            logger: Self.logger, scanner: scanner, metrics: metrics)
        var settings = Settings()
        settings.webhook.webhook.secrets = [WebhookFixtures.secret]
        change(&settings)
        let config = base.kernel.config
        let tokens = try TokenStore(stateDir: config.stateDir, adminToken: Self.adminToken, logger: Self.logger)
        services = APIServices(
            kernel: base.kernel, authenticator: Authenticator(tokens: tokens, sessions: SessionStore(), throttle: AuthThrottle()),
            audit: try AuditLog(stateDir: config.stateDir, logger: Self.logger), settings: settings.http)
        streams = WebSocketRoutes(settings: settings.webSocket, queueCapacities: streamCapacities)
        let parts: [any APIRouteProvider] = [
            streams, try WebhookRoutes(settings: settings.webhook, kernel: base.kernel), MetricsRoutes(metrics: metrics),
            try PanelRoutes(directory: panel),
        ]
        var server = APIServer(services: services, settings: settings.http, parts: parts)
        server.pingInterval = .seconds(5)
        self.server = server
        viewerToken = try tokens.create(name: "viewer", role: .viewer).token
        operatorToken = try tokens.create(name: "operator", role: .operator).token
    }

    /// The application, on an ephemeral loopback port for `.live` tests.
    func application() -> some ApplicationProtocol {
        server.application(host: "127.0.0.1", port: 0)
    }

    /// A spec that validates against the test directory.
    func spec(_ name: String = "shop-api") -> AppSpec { base.spec(name) }

    /// The JSON body registering `spec(name)`.
    func specJSON(_ name: String = "shop-api", extra: String = "") -> ByteBuffer {
        ByteBuffer(string: """
        {"name":"\(name)","runtime":"fake","script_path":"\(script)","working_dir":"\(workingDir)","user":"nobody","port":8000\(extra)}
        """)
    }

    /// Registers `name` directly through the kernel.
    func register(_ name: String = "shop-api") async throws {
        try await base.register(spec(name))
    }

    func cleanUp() { base.cleanUp() }
}

/// Headers with a bearer token (and optionally more).
func auth(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
    var headers = extra
    headers[.authorization] = "Bearer \(token)"
    return headers
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The error object of an error body.
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }

    /// The error code of an error body.
    var errorCode: String? { error["code"] as? String }

    var text: String { String(buffer: body) }
}
