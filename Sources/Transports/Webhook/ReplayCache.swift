import Foundation
import Kernel
import Logging

/// The `webhook-id`s already accepted, kept for `retention` seconds in
/// `<state_dir>/webhook-replay.json` so a replay is refused even after a restart.
public actor ReplayCache {
    private let path: String
    private let retention: TimeInterval
    private let limit: Int
    private var seen: [String: Date]
    private let logger: Logger

    /// Where the cache of a state directory lives.
    public static func filePath(stateDir: String) -> String { "\(stateDir)/webhook-replay.json" }

    /// Loads the cache, forgetting ids older than `retention`.
    public init(stateDir: String, retention: TimeInterval, limit: Int = 100_000, logger: Logger) {
        path = Self.filePath(stateDir: stateDir)
        self.retention = retention
        self.limit = limit
        self.logger = logger
        let now = Date()
        if let data = FileManager.default.contents(atPath: path),
           let loaded = try? JSONDecoder.iso8601.decode([String: Date].self, from: data) {
            seen = loaded.filter { now.timeIntervalSince($0.value) < retention }
        } else {
            seen = [:]
        }
    }

    /// Records `id`; false when it was seen within the retention time (a replay).
    /// Throws when the id cannot be kept on disk (a full disk): a command whose
    /// id could be forgotten by a restart must not run, or a replay would.
    public func insert(_ id: String, now: Date = Date()) throws -> Bool {
        if let at = seen[id], now.timeIntervalSince(at) < retention { return false }
        seen = seen.filter { now.timeIntervalSince($0.value) < retention }
        if seen.count >= limit, let oldest = seen.min(by: { $0.value < $1.value }) { seen[oldest.key] = nil }
        seen[id] = now
        do {
            try save()
        } catch {
            seen[id] = nil
            logger.error("webhook replay cache \(path): cannot save: \(error)")
            throw SiaxError(.internal, "the webhook-id cannot be recorded (\(error)); the command was not run")
        }
        return true
    }

    /// Forgets `id` (its command failed in a way a retry may fix).
    public func remove(_ id: String) {
        guard seen.removeValue(forKey: id) != nil else { return }
        persist()
    }

    /// Ids remembered now.
    public var count: Int { seen.count }

    private func persist() {
        do {
            try save()
        } catch {
            logger.error("webhook replay cache \(path): cannot save: \(error)")
        }
    }

    private func save() throws {
        try AtomicFile.write(try JSONEncoder.iso8601.encode(seen), to: path, mode: 0o600)
    }
}
