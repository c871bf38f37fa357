import Logging
import Synchronization

/// A log handler that keeps every message, for tests that check what a module logged.
/// Every copy of the handler shares the same lines.
public struct CapturedLog: LogHandler {
    /// The lines, shared by every copy of the handler.
    final class Lines: Sendable {
        let lines = Mutex<[(message: String, line: String)]>([])
    }

    private let store = Lines()

    /// Every message as `level message metadata`, in order.
    public var all: [String] { store.lines.withLock { $0.map(\.line) } }
    /// Every message's text alone, in order.
    public var messages: [String] { store.lines.withLock { $0.map(\.message) } }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let message = "\(event.message)"
        store.lines.withLock { $0.append((message, "\(event.level) \(message) \(event.metadata ?? [:])")) }
    }
}
