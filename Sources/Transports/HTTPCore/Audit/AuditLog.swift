import Foundation
import Kernel
import Logging

/// The append-only audit log: `<state_dir>/audit.log`, one JSON object per
/// line, each fsync'd before the call's response is sent. The most recent
/// entries are also kept in memory for `GET /api/audit`.
public actor AuditLog {
    private let path: String
    private let fd: Int32
    private var recent: [AuditEntry] = []
    private let keep: Int
    private let logger: Logger
    private let encoder: JSONEncoder

    /// Where the audit log of a state directory lives.
    public static func filePath(stateDir: String) -> String { "\(stateDir)/audit.log" }

    /// Opens (or creates, mode 0600) the log and reads its last `keep` entries.
    public init(stateDir: String, keep: Int = 1000, logger: Logger) throws {
        try AtomicFile.ensureDirectory(stateDir, mode: 0o700)
        path = Self.filePath(stateDir: stateDir)
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SiaxError(.internal, "cannot open the audit log \(path): \(String(cString: strerror(errno)))")
        }
        self.keep = keep
        self.logger = logger
        encoder = JSONEncoder.iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        recent = Self.readTail(path, keep: keep)
    }

    deinit {
        close(fd)
    }

    /// Appends an entry and fsyncs it. A failed write is logged, never thrown:
    /// the call it records has already happened. A line cut short (a full
    /// disk) is taken back, so the log stays one whole entry per line.
    public func record(_ entry: AuditEntry) {
        recent.append(entry)
        if recent.count > keep { recent.removeFirst(recent.count - keep) }
        let end = lseek(fd, 0, SEEK_END)
        do {
            var line = try encoder.encode(entry)
            line.append(UInt8(ascii: "\n"))
            try line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw SiaxError(.internal, "write: \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw SiaxError(.internal, "fsync: \(String(cString: strerror(errno)))") }
        } catch {
            if end >= 0 { _ = ftruncate(fd, end) }
            logger.error("audit log \(path): cannot append \(entry.action) by \(entry.actor): \(error)")
        }
    }

    /// The most recent entries, oldest first.
    public func entries(limit: Int) -> [AuditEntry] {
        Array(recent.suffix(max(0, limit)))
    }

    /// The last `keep` parseable entries of an existing log (reads at most its last 4 MiB).
    private static func readTail(_ path: String, keep: Int) -> [AuditEntry] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 4 << 20 ? size - (4 << 20) : 0
        try? handle.seek(toOffset: start)
        guard let data = try? handle.readToEnd() else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"))
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        let decoder = JSONDecoder.iso8601
        return lines.suffix(keep).compactMap { try? decoder.decode(AuditEntry.self, from: Data($0)) }
    }
}
