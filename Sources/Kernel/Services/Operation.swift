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

    public init(name: String, address: String? = nil) {
        self.name = name
        self.address = address
    }

    /// The agent itself (start-up reconciliation, health checks).
    public static let agent = Requester(name: "agent")
}
