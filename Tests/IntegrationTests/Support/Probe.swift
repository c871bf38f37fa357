import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Looks at running processes and ports from the outside.
enum Probe {
    /// GET http://127.0.0.1:PORT/ as a JSON object, retried until `timeout`.
    static func getJSON(port: Int, timeout: Duration = .seconds(20)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/")!)
                if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] { return object }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("nothing answered on port \(port): \(String(describing: lastError))")
    }

    /// Whether a process with this PID exists (and is not a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")
    }

    /// The NUL-separated fields of `/proc/PID/<file>` (cmdline, environ), byte for byte.
    static func procStrings(_ pid: Int32, _ file: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(file)"))
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
}
