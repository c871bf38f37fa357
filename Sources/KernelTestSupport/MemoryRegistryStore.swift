import Kernel
import Synchronization

/// A registry kept in memory, for tests of the Kernel. Can be told to fail.
public final class MemoryRegistryStore: RegistryStore {
    private let state = Mutex<(apps: [ManagedApp], failSaves: Bool, saves: Int)>(([], false, 0))

    public init(apps: [ManagedApp] = []) {
        state.withLock { $0.apps = apps }
    }

    /// Makes every later `save` throw (simulates a full disk).
    public func failSaves(_ fail: Bool) { state.withLock { $0.failSaves = fail } }

    /// The apps as last saved.
    public var saved: [ManagedApp] { state.withLock { $0.apps } }

    /// How many saves succeeded.
    public var saveCount: Int { state.withLock { $0.saves } }

    public func load() throws -> [ManagedApp] { saved }

    public func save(_ apps: [ManagedApp]) throws {
        try state.withLock {
            if $0.failSaves { throw SiaxError(.internal, "simulated: no space left on device") }
            $0.apps = apps
            $0.saves += 1
        }
    }
}
