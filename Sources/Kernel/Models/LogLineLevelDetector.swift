import Foundation

/// Recognises a level written inside a log line by common Node.js and Python
/// loggers: JSON with `level` (names or pino/bunyan numbers), Python logging
/// and uvicorn prefixes (`ERROR:`, `WARNING:  `), and `[error]`-style tags.
public enum LogLineLevelDetector {
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

    /// `ERROR:`, `ERROR -`, `[ERROR]`, `WARNING:  Invalid HTTP request`, `2026-… ERROR …` is not guessed.
    static func fromPrefix(_ line: Substring) -> LogLevel? {
        var rest = line
        let bracketed = rest.first == "["
        if bracketed { rest = rest.dropFirst() }
        let word = rest.prefix(while: { $0.isLetter })
        guard word.count >= 3, let level = fromName(word) else { return nil }
        let after = rest.dropFirst(word.count).first
        if bracketed { return after == "]" ? level : nil }
        // Only upper-case words followed by ':' count, as Python logging and uvicorn print them.
        guard word == word.uppercased(), after == ":" else { return nil }
        return level
    }
}
