import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Kernel
import NIOCore
import Logging

/// The HTTP server: REST routes, the OpenAPI document, and the route groups
/// of the transport's parts (WebSocket streams, webhook, `/metrics`, the
/// panel, …), all on one listening address.
public struct APIServer: Sendable {
    /// What the routes work with.
    public let services: APIServices
    private let settings: HTTPSettings
    private let parts: [any APIRouteProvider]
    /// Seconds between WebSocket pings.
    package var pingInterval: Duration = .seconds(30)

    /// A server around `services`.
    ///
    /// - Parameter parts: further route groups (the transport's parts), registered after the built-in ones.
    public init(services: APIServices, settings: HTTPSettings = HTTPSettings(), parts: [any APIRouteProvider] = []) {
        self.services = services
        self.settings = settings
        self.parts = parts
    }

    /// Registers every route; returns the table (routers and descriptors).
    public func routeTable() -> RouteTable {
        let table = RouteTable(services: services)
        let providers: [any APIRouteProvider] = [SystemRoutes(), SystemLogRoutes(), AuthRoutes(), AppQueryRoutes(), AppChangeRoutes()]
            + parts + [DocRoutes()]
        for provider in providers { provider.register(on: table) }
        table.addFallbacks()
        return table
    }

    /// The Hummingbird application listening on `host:port`; `onListening` runs once it listens.
    public func application(
        host: String, port: Int, onListening: (@Sendable () async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let table = routeTable()
        // Slow headers, a body that never comes and idle keep-alives are closed (ConnectionDeadlines).
        let timeout = TimeAmount.nanoseconds(Int64(settings.httpIdleTimeoutS * 1_000_000_000))
        let webSocket = table.descriptors.contains(where: \.webSocket) ? table.webSocketRouter.buildResponder() : nil
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
        return AgentApplication(
            router: table.router, server: server, host: host, port: port, logger: services.logger, onListening: onListening)
    }
}
