import Kernel
import Logging

/// What the routes work with: the Kernel, authentication, the audit log and
/// the shared helpers. Built once per server.
public struct APIServices: Sendable {
    /// The assembled core.
    public let kernel: AgentKernel
    /// Tokens, sessions and throttling.
    public let authenticator: Authenticator
    /// The append-only audit log.
    public let audit: AuditLog
    /// Capped, strict request body reading.
    package let body: RequestBodyReader
    /// App objects as JSON, with the list cache.
    package let appViews: AppViews
    /// Results that may need a subprocess, cached.
    let probes: ProbeCache

    /// Builds the services around a kernel and an authenticator; `settings` caps request bodies.
    public init(kernel: AgentKernel, authenticator: Authenticator, audit: AuditLog, settings: HTTPSettings = HTTPSettings()) {
        self.kernel = kernel
        self.authenticator = authenticator
        self.audit = audit
        body = RequestBodyReader(maxBytes: settings.maxBodyBytes)
        appViews = AppViews(kernel: kernel)
        probes = ProbeCache(kernel: kernel)
    }

    /// The server's logger.
    public var logger: Logger { kernel.logger }
}
