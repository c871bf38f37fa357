import Foundation
import Hummingbird
import Kernel

/// Typed reading of query parameters; a bad value, or a parameter given more than once,
/// is `bad_request` naming the parameter.
package struct QueryParameters {
    private let query: Parameters

    package init(_ request: Request) {
        self.query = request.uri.queryParameters
    }

    /// A text parameter, nil when absent or empty.
    package func string(_ name: String) throws -> String? {
        let values = query[values: name[...]]
        guard values.count <= 1 else {
            throw SiaxError(.badRequest, "query parameter '\(name)' is given \(values.count) times; give it once", field: name)
        }
        guard let value = values.first, !value.isEmpty else { return nil }
        return String(value)
    }

    /// An integer in `range`, `fallback` when absent.
    package func int(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = try string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw SiaxError(.badRequest, "query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return value
    }

    /// `true`/`false`/`1`/`0`, `fallback` when absent.
    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = try string(name) else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw SiaxError(.badRequest, "query parameter '\(name)' must be true or false", field: name)
        }
    }

    /// A syslog priority 0–7 or a level name (`err`, `warning`, …).
    package func priority(_ name: String) throws -> Int? {
        guard let text = try string(name) else { return nil }
        if let number = Int(text), (0...7).contains(number) { return number }
        let aliases = ["err": LogLevel.error, "warn": .warning, "critical": .crit, "emergency": .emerg]
        if let level = LogLevel(rawValue: text.lowercased()) ?? aliases[text.lowercased()] { return level.priority }
        throw SiaxError(.badRequest, "query parameter '\(name)' must be a priority 0–7 or a level name (emerg … debug)", field: name)
    }

    /// An ISO 8601 time, with or without fractional seconds.
    func date(_ name: String) throws -> Date? {
        guard let text = try string(name) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw SiaxError(.badRequest, "query parameter '\(name)' must be an ISO 8601 time such as 2026-11-29T04:26:00Z", field: name)
    }
}
