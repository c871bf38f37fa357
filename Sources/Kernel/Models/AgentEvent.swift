import Foundation

/// Something that happened to an app: a state change, an operation, or an alert.
///
/// Encodes as docs/api.md's event objects, e.g.
/// `{"type":"state","app":"shop-api","state":"crashed","previous":"running","at":"…"}`.
public struct AgentEvent: Sendable, Equatable, Codable {
    /// The event's kind.
    public enum Kind: String, Sendable, Codable {
        case state, operation, alert
    }

    public var type: Kind
    public var app: String
    public var at: Date
    /// For `state`: the new and previous state.
    public var state: AppState?
    public var previous: AppState?
    /// For `operation`: `start`, `register`, …, its result (`ok` or an error code) and who asked.
    public var operation: String?
    public var result: String?
    public var actor: String?
    /// For `alert`: `crashed`, `zombie`, `crash_loop`, `unhealthy`, …
    public var alert: String?
    /// Details for people.
    public var detail: String?

    public init(
        type: Kind, app: String, at: Date = Date(), state: AppState? = nil, previous: AppState? = nil,
        operation: String? = nil, result: String? = nil, actor: String? = nil,
        alert: String? = nil, detail: String? = nil
    ) {
        self.type = type
        self.app = app
        self.at = at
        self.state = state
        self.previous = previous
        self.operation = operation
        self.result = result
        self.actor = actor
        self.alert = alert
        self.detail = detail
    }
}
