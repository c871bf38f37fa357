import Logging

/// A log handler that passes every line on to another handler (the agent's
/// standard error) and also keeps it in an `AgentLogBook`.
public struct RingLogHandler: LogHandler {
    private var upstream: any LogHandler
    private let label: String
    private let book: AgentLogBook

    /// Wraps `upstream`; lines are kept in `book`.
    public init(label: String, upstream: any LogHandler, book: AgentLogBook = .shared) {
        self.label = label
        self.upstream = upstream
        self.book = book
        self.upstream.logLevel = logLevel
    }

    public func log(event: LogEvent) {
        upstream.log(event: event)
        var text = event.message.description
        let metadata = upstream.metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !metadata.isEmpty {
            text += " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        book.append(level: event.level, label: label, message: text)
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { upstream.metadataProvider }
        set { upstream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { upstream[metadataKey: key] }
        set { upstream[metadataKey: key] = newValue }
    }

    public var metadata: Logger.Metadata {
        get { upstream.metadata }
        set { upstream.metadata = newValue }
    }

    /// The handler's own level (passed on to the upstream handler too).
    public var logLevel: Logger.Level = .info {
        didSet { upstream.logLevel = logLevel }
    }
}
