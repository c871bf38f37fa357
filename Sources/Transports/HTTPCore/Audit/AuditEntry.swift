import Foundation

/// One state-changing call: who, what, on which app, when, from where, with what result.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// When the call finished.
    public var at: Date
    /// Token name, `webhook`, or `anonymous` when authentication failed.
    public var actor: String
    /// The client's address.
    public var address: String?
    /// What was asked: `register`, `start`, `token.create`, `webhook.restart`, …
    public var action: String
    /// The app concerned, if any.
    public var app: String?
    /// `ok` or the error code.
    public var result: String
    /// The HTTP status answered.
    public var status: Int
    /// The error's message, when it failed.
    public var detail: String?
    /// Which way the call came: `api` or `webhook`.
    public var via: String

    public init(
        at: Date = Date(), actor: String, address: String?, action: String, app: String?,
        result: String, status: Int, detail: String? = nil, via: String = "api"
    ) {
        self.at = at
        self.actor = actor
        self.address = address
        self.action = action
        self.app = app
        self.result = result
        self.status = status
        self.detail = detail
        self.via = via
    }
}
