/// What helps an operator adopt a process no app manages: the TCP ports it
/// listens on and an app name suggested from its project.
public struct AdoptionHint: Sendable, Equatable {
    /// TCP ports (IPv4 and IPv6) the process has a listening socket on, ascending.
    public var ports: [Int]
    /// A valid app name (`^[a-z][a-z0-9_-]{0,62}$`) from its `package.json` /
    /// `pyproject.toml` or its script's name; nil when nothing fits.
    public var suggestedName: String?

    public init(ports: [Int], suggestedName: String?) {
        self.ports = ports
        self.suggestedName = suggestedName
    }
}
