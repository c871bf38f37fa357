import Synchronization

/// What a route learns while it runs that its audit entry should say: the app
/// (when it comes from the body, not the path) and a more precise action.
public final class AuditNote: Sendable {
    private let state = Mutex<(app: String?, action: String?)>((nil, nil))

    public init() {}

    /// The app concerned.
    public var app: String? {
        get { state.withLock { $0.app } }
        set { state.withLock { $0.app = newValue } }
    }

    /// Replaces the route's action name (e.g. `webhook.restart`).
    public var action: String? {
        get { state.withLock { $0.action } }
        set { state.withLock { $0.action = newValue } }
    }
}
