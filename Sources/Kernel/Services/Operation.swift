/// A lifecycle operation on an app's unit.
public enum Operation: String, Sendable, Codable, CaseIterable {
    case start, stop, restart, enable, disable
}

/// Who asked for an operation, for events and the audit log.
public struct Requester: Sendable, Equatable {
    /// e.g. a token's name, `webhook`, `cli`, `health-check`.
    public var name: String
    /// Client address, when the request came over the network.
    public var address: String?
    /// Whether the agent acts on its own (a health-check restart): such an
    /// operation never resets systemd's start limit, only an operator's does.
    public var isAutomatic: Bool

    public init(name: String, address: String? = nil, isAutomatic: Bool = false) {
        self.name = name
        self.address = address
        self.isAutomatic = isAutomatic
    }

    /// The agent itself (start-up reconciliation).
    public static let agent = Requester(name: "agent", isAutomatic: true)
}
