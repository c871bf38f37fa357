import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Kernel
import NIOCore
import Logging

/// The HTTP server: REST routes, the web panel, the OpenAPI document and —
/// when switched on — the WebSocket streams and the signed webhook, all on
/// one listening address.
public struct APIServer: Sendable {
    /// Which optional parts are served.
    public struct Features: Sendable, Equatable {
        /// `WS /logs/{name}` and `WS /api/events/stream`.
        public var webSocket: Bool
        /// `POST /webhook/command`.
        public var webhook: Bool

        public init(webSocket: Bool = true, webhook: Bool = true) {
            self.webSocket = webSocket
            self.webhook = webhook
        }
    }

    /// What the routes work with.
    public let services: APIServices
    public let features: Features
    private let extraRoutes: [any APIRouteProvider]
    private let panel: PanelFiles
    private let webhook: WebhookRoutes?
    /// Per-client WebSocket queue sizes (log entries, events).
    var streamCapacities = (logs: 1000, events: 256)
    /// Seconds between WebSocket pings.
    var pingInterval: Duration = .seconds(30)

    /// A server for `kernel`, authenticating with `authenticator` and auditing into `audit`.
    ///
    /// - Parameter extraRoutes: further route groups (e.g. Prometheus `/metrics`), registered after the built-in ones.
    public init(
        services: APIServices, features: Features = Features(), extraRoutes: [any APIRouteProvider] = [],
        panel: URL? = nil
    ) throws {
        self.services = services
        self.features = features
        self.extraRoutes = extraRoutes
        self.panel = try panel.map { PanelFiles(directory: $0) } ?? PanelFiles.bundled()
        let config = services.kernel.config
        if features.webhook {
            let verifier = try WebhookVerifier(secrets: config.webhook.secrets, tolerance: config.webhook.toleranceS)
            let replays = ReplayCache(
                stateDir: config.stateDir, retention: max(600, 2 * config.webhook.toleranceS + 60), logger: services.logger)
            webhook = WebhookRoutes(verifier: verifier, replays: replays)
        } else {
            webhook = nil
        }
    }

    /// Registers every route; returns the table (routers and descriptors).
    public func routeTable() -> RouteTable {
        let table = RouteTable(services: services)
        var providers: [any APIRouteProvider] = [
            SystemRoutes(), SystemLogRoutes(webSocket: features.webSocket), AuthRoutes(), AppQueryRoutes(), AppChangeRoutes(),
        ]
        if features.webSocket {
            providers.append(StreamRoutes(logQueueCapacity: streamCapacities.logs, eventQueueCapacity: streamCapacities.events))
        }
        if let webhook { providers.append(webhook) }
        providers += extraRoutes
        providers.append(DocRoutes())
        for provider in providers { provider.register(on: table) }
        // Added last, so it only runs for paths no route matched.
        table.router.add(middleware: PanelMiddleware(panel: panel))
        return table
    }

    /// The Hummingbird application listening on `host:port`; `onListening` runs once it listens.
    public func application(
        host: String, port: Int, onListening: (@Sendable () async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let table = routeTable()
        // Slow headers, a body that never comes and idle keep-alives are closed (ConnectionDeadlines).
        let timeout = TimeAmount.nanoseconds(Int64(services.kernel.config.httpIdleTimeoutS * 1_000_000_000))
        let webSocket = features.webSocket ? table.webSocketRouter.buildResponder() : nil
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(), ws: .init(maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: pingInterval)))
        let server = HTTPServerBuilder { responder in
            if let webSocket {
                DeadlineChannel(
                    inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocket, configuration: configuration),
                    timeout: timeout)
            } else {
                DeadlineChannel(inner: HTTP1Channel(responder: responder), timeout: timeout)
            }
        }
        return AgentApplication(router: table.router, server: server, host: host, port: port, logger: services.logger,
            onListening: onListening)
    }
}
