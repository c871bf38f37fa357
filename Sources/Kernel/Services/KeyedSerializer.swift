/// Runs work for one key at a time, in arrival order; different keys run concurrently.
///
/// Shared by `AppManager` and `Lifecycle`, so a delete never interleaves with
/// a start of the same app.
public actor KeyedSerializer {
    private var tails: [String: Task<Void, Never>] = [:]

    public init() {}

    /// Runs `body` after every earlier piece of work for `key` has finished.
    public func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task<T, any Error> {
            await previous?.value
            return try await body()
        }
        tails[key] = Task { _ = try? await task.value }
        return try await task.value
    }
}
