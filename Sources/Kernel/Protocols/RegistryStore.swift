/// Durable storage of the app registry.
///
/// `save` must be atomic: after a crash or a full disk, `load` returns either
/// the previous or the new registry, never a mix or nothing.
public protocol RegistryStore: Sendable {
    /// The saved apps, or an empty list when nothing was ever saved.
    func load() throws -> [ManagedApp]
    /// Replaces the saved registry atomically.
    func save(_ apps: [ManagedApp]) throws
}
