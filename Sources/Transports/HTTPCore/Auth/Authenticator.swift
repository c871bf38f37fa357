import Foundation
import Hummingbird
import Kernel

/// Authenticates requests (bearer token or session cookie), checks the role,
/// refuses cookie-authenticated state changes from another origin, and
/// throttles addresses that fail too often.
public struct Authenticator: Sendable {
    public let tokens: TokenStore
    public let sessions: SessionStore
    public let throttle: AuthThrottle

    public init(tokens: TokenStore, sessions: SessionStore, throttle: AuthThrottle) {
        self.tokens = tokens
        self.sessions = sessions
        self.throttle = throttle
    }

    /// The principal of `request` if it holds at least `role`.
    ///
    /// - Parameter stateChanging: the request changes state or upgrades to a
    ///   WebSocket; with a session cookie, its `Origin` must be the agent's own.
    public func authorize(_ request: Request, context: APIRequestContext, role: Role, stateChanging: Bool) throws -> Principal {
        let principal = try authenticate(request, context: context)
        try permit(principal, request: request, role: role, stateChanging: stateChanging)
        return principal
    }

    /// Checks an authenticated principal's role and, for cookies, the Origin rule.
    public func permit(_ principal: Principal, request: Request, role: Role, stateChanging: Bool) throws {
        if principal.method == .cookie && stateChanging {
            try Self.checkOrigin(request)
        }
        guard principal.role >= role else {
            throw SiaxError(.forbidden, "this needs the \(role.rawValue) role; token '\(principal.name)' is \(principal.role.rawValue)")
        }
    }

    /// The principal of a bearer token or session cookie; 401 when there is none or it is wrong.
    public func authenticate(_ request: Request, context: APIRequestContext) throws -> Principal {
        let address = context.clientAddress
        if let header = request.headers[.authorization] {
            try throttle.check(address)
            guard let token = Self.bearerToken(header), let principal = tokens.authenticate(token) else {
                throttle.recordFailure(address)
                throw SiaxError(.unauthorized, "the bearer token is not valid")
            }
            return principal
        }
        if let sessionID = request.cookies[SessionStore.cookieName]?.value, !sessionID.isEmpty {
            try throttle.check(address)
            guard let session = sessions.session(sessionID),
                  let principal = tokens.principal(of: session) else {
                throttle.recordFailure(address)
                throw SiaxError(.unauthorized, "the session has expired or ended; log in again")
            }
            return principal
        }
        throw SiaxError(.unauthorized, "authentication required: send 'Authorization: Bearer <token>'")
    }

    /// The token of `Bearer <token>` (surrounding spaces and tabs ignored).
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var token = parts[1].drop(while: isBlank)
        while let last = token.last, isBlank(last) { token = token.dropLast() }
        return token.isEmpty ? nil : String(token)
    }

    /// Refuses a request whose `Origin` is missing or not the agent itself
    /// (the scheme-less origin must equal the `Host` the request was sent to).
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else {
            throw SiaxError(.forbidden, "a request authenticated by session cookie must carry an Origin header")
        }
        let host = request.head.authority ?? ""
        guard isSameOrigin(origin, host: host) else {
            throw SiaxError(.forbidden, "cross-origin request refused: Origin \(origin) is not this agent (\(host))")
        }
    }

    /// Whether `origin` (`http://host:port`) names `host` (`host:port`, as in the Host header).
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        let lowered = origin.lowercased()
        let defaultPort: String
        let authority: Substring
        if lowered.hasPrefix("http://") {
            authority = lowered.dropFirst(7)
            defaultPort = "80"
        } else if lowered.hasPrefix("https://") {
            authority = lowered.dropFirst(8)
            defaultPort = "443"
        } else {
            return false
        }
        let host = host.lowercased()
        guard !host.isEmpty, !authority.contains("/") else { return false }
        return authority == host || "\(authority):\(defaultPort)" == host || authority == "\(host):\(defaultPort)"
    }
}
