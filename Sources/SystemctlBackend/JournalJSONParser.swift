import Foundation
import Kernel
import LogLevels

/// Parses one line of `journalctl -o json` into a `LogEntry`.
///
/// Journal values are strings, except: a value that is not valid UTF-8 is an
/// array of byte numbers; a field written several times is an array of those
/// values; a field too large for `journalctl` without `--all` is `null`.
enum JournalJSONParser {
    /// The entry on this line, or nil when the line is not a journal entry
    /// (no cursor or timestamp). The unit is `unit` when given, else the unit an
    /// entry is about (`UNIT`, set on systemd's own lines), else its writer's (`_SYSTEMD_UNIT`).
    static func entry(from line: some Collection<UInt8>, unit: String? = nil) -> LogEntry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let cursor = text(object["__CURSOR"]),
              let realtime = text(object["__REALTIME_TIMESTAMP"]).flatMap(UInt64.init)
        else { return nil }
        let priority = text(object["PRIORITY"]).flatMap(Int.init).map { min(max($0, 0), 7) } ?? 6
        let message = text(object["MESSAGE"]) ?? ""
        return LogEntry(
            realtimeUsec: realtime,
            priority: priority,
            level: LogLineLevel.of(priority: priority, message: message),
            message: message,
            pid: text(object["_PID"]).flatMap(Int32.init),
            cursor: cursor,
            unit: unit ?? text(object["UNIT"]) ?? text(object["_SYSTEMD_UNIT"]) ?? "")
    }

    // MARK: - Values

    /// A field's text: a string as is, bytes decoded lossily as UTF-8,
    /// several values joined by newlines; nil for null or a missing field.
    static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String:
            return string
        case let array as [Any]:
            if let bytes = byteArray(array) { return String(decoding: bytes, as: UTF8.self) }
            let parts = array.compactMap(text)
            return parts.isEmpty ? nil : parts.joined(separator: "\n")
        default:
            return nil
        }
    }

    /// The bytes of an array of byte numbers, or nil when it is something else.
    private static func byteArray(_ array: [Any]) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(array.count)
        for element in array {
            guard let number = element as? NSNumber, !(element is String),
                  let byte = UInt8(exactly: number.doubleValue)
            else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
