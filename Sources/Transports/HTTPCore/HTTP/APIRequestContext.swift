import Hummingbird
import HummingbirdWebSocket
import Kernel
import NIOCore

/// The context of every request: who made it (after authentication), from
/// which address, and — for WebSocket upgrades — the handler to run and the
/// log-connection slot it holds.
public struct APIRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<APIRequestContext>
    /// The connection the request came on.
    package let channel: any Channel
    /// Set once the request authenticated.
    public var principal: Principal?
    /// For `WS /logs/{name}`: the connection slot reserved for the upgrade.
    package var logSlot: ConnectionSlot?
    /// For audited routes: what the handler learns that the audit entry should say.
    public var auditNote: AuditNote?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }

    /// The client's IP address, or `local` when there is none (tests, Unix sockets).
    public var clientAddress: String {
        channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Tells the audit entry of this request which app it concerns, or a more precise action.
    package func noteAudit(app: String? = nil, action: String? = nil) {
        guard let auditNote else { return }
        if let app { auditNote.app = app }
        if let action { auditNote.action = action }
    }

    /// The actor for the Kernel's events and the audit log.
    var actor: Requester {
        Requester(name: principal?.name ?? "anonymous", address: clientAddress)
    }
}
