/// The runtimes known to the agent, by id.
public struct RuntimeCatalog: Sendable {
    /// Runtimes in load order.
    public let all: [any Runtime]
    private let byID: [String: any Runtime]

    /// A catalog of the given runtimes; a later runtime with the same id
    /// replaces an earlier one (so `/etc/siax-agent/runtimes.d` can override a built-in).
    public init(_ runtimes: [any Runtime]) {
        var byID: [String: any Runtime] = [:]
        var order: [String] = []
        for runtime in runtimes {
            if byID[runtime.id] == nil { order.append(runtime.id) }
            byID[runtime.id] = runtime
        }
        self.byID = byID
        self.all = order.compactMap { byID[$0] }
    }

    /// The runtime with this id.
    public subscript(id: String) -> (any Runtime)? { byID[id] }

    /// Known ids, in load order.
    public var ids: [String] { all.map(\.id) }
}
