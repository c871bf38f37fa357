/// What a token may do (docs/api.md): every GET, plus operations, plus administration.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Every GET.
    case viewer
    /// Viewer, plus start/stop/restart/enable/disable.
    case `operator`
    /// Operator, plus register, update, delete and token management.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: return 0
        case .operator: return 1
        case .admin: return 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// Who made a request: the token (or the session made from it) and how it came.
public struct Principal: Sendable, Equatable {
    /// How the request authenticated.
    public enum Method: String, Sendable {
        case bearer, cookie
    }

    /// The token's id.
    public var tokenID: String
    /// The token's name (the actor in audit entries and events).
    public var name: String
    public var role: Role
    public var method: Method

    public init(tokenID: String, name: String, role: Role, method: Method) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.method = method
    }
}
