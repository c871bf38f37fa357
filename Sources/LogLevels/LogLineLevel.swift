import Foundation
import Kernel

/// The level of a journal entry, recognised from the line itself when the app
/// wrote it at the default priority (info): JSON loggers (pino, bunyan,
/// winston: `level` as a name or pino/bunyan number), Python `logging`
/// (`WARNING:root:…`), uvicorn (`INFO:     …`), and a leading level word
/// (`WARN`, `ERROR`, `FATAL`, `DEBUG`, …) bare, with a colon, or in brackets.
///
/// Used by both backends when they turn journal entries into `LogEntry`s.
public enum LogLineLevel {
    /// The level of an entry: journald's priority, unless it is info (the
    /// default of stdout and stderr) and the line itself says more.
    public static func of(priority: Int, message: String) -> LogLevel {
        let fromPriority = LogLevel(priority: priority)
        guard fromPriority == .info else { return fromPriority }
        return detect(message) ?? fromPriority
    }

    /// The level found in the line, or nil when it says nothing recognisable.
    public static func detect(_ line: String) -> LogLevel? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.first == "{", let level = fromJSON(String(trimmed)) { return level }
        return fromPrefix(trimmed)
    }

    /// pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
    static func fromNumber(_ value: Int) -> LogLevel? {
        switch value {
        case ..<30: return .debug
        case 30..<40: return .info
        case 40..<50: return .warning
        case 50..<60: return .error
        default: return .crit
        }
    }

    /// The level of a logger's level name (winston's `silly`/`verbose`, Python's `CRITICAL`, …).
    static func fromName(_ name: some StringProtocol) -> LogLevel? {
        switch name.lowercased() {
        case "trace", "debug", "verbose", "silly": return .debug
        case "info", "information", "log": return .info
        case "notice": return .notice
        case "warn", "warning": return .warning
        case "error", "err": return .error
        case "critical", "crit", "fatal": return .crit
        case "alert": return .alert
        case "emerg", "emergency", "panic": return .emerg
        default: return nil
        }
    }

    /// `level` (or `severity`, `levelname`, `lvl`) of a JSON object line.
    static func fromJSON(_ line: String) -> LogLevel? {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        for key in ["level", "severity", "levelname", "lvl"] {
            if let number = object[key] as? Int { return fromNumber(number) }
            if let name = object[key] as? String { return fromName(name) }
        }
        return nil
    }

    /// A leading level word: `[error] …` / `[WARN] …` (any case), or an
    /// upper-case word alone or followed by `:` (`WARN tick 5`, `ERROR: x`,
    /// `WARNING:root:x`, `INFO:     Uvicorn …`). A capitalised or lower-case
    /// word without brackets is prose (`Errors: 0`, `error handling…`).
    static func fromPrefix(_ line: Substring) -> LogLevel? {
        var rest = line
        let bracketed = rest.first == "["
        if bracketed { rest = rest.dropFirst() }
        let word = rest.prefix(while: { $0.isLetter })
        guard word.count >= 3, let level = fromName(word) else { return nil }
        let after = rest.dropFirst(word.count).first
        if bracketed { return after == "]" ? level : nil }
        guard word == word.uppercased() else { return nil }
        switch after {
        case nil, ":", " ", "\t": return level
        default: return nil
        }
    }
}
