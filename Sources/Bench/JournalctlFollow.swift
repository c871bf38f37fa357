import Foundation
import Kernel

/// A bare `journalctl -f -o json` follower (a subprocess, each line parsed as
/// JSON), the reference the sd-journal follower is measured against.
struct JournalctlFollow: LogSource {
    func history(of unit: String, query: LogQuery) async throws -> LogPage {
        LogPage(entries: [], cursor: query.afterCursor)
    }

    /// The benchmark follows from live cursors only.
    func holds(cursor: String) async throws -> Bool { true }

    func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let (stream, output) = AsyncThrowingStream.makeStream(of: LogEntry.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = ["-f", "-o", "json", "--no-pager", "-u", unit]
            + (query.afterCursor.map { ["-n", "all", "--after-cursor=\($0)"] } ?? ["-n", "0"])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let reader = Thread {
            var buffer = Data()
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                          let message = object["MESSAGE"] as? String else { continue }
                    let usec = UInt64(object["__REALTIME_TIMESTAMP"] as? String ?? "") ?? 0
                    let entry = LogEntry(realtimeUsec: usec, priority: 6, message: message, pid: nil, cursor: object["__CURSOR"] as? String ?? "", unit: unit)
                    if case .terminated = output.yield(entry) { return }
                }
            }
            output.finish()
        }
        output.onTermination = { _ in if process.isRunning { process.terminate() } }
        do {
            try process.run()
            reader.start()
        } catch {
            output.finish(throwing: error)
        }
        return stream
    }
}
