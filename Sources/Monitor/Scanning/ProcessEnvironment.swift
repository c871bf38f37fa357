import Foundation

/// A process's environment from `/proc/PID/environ`: `NAME=value` strings
/// separated by NUL. Entries without `=` or with a name that is no identifier
/// are left out; the file is read up to 1 MiB.
enum ProcessEnvironment {
    /// Largest `environ` read.
    static let maximumBytes = 1 << 20

    /// The environment of `pid` under `procRoot`, or nil when it cannot be read.
    static func of(pid: Int32, procRoot: String) -> [String: String]? {
        guard let handle = FileHandle(forReadingAtPath: "\(procRoot)/\(pid)/environ") else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumBytes) else { return nil }
        return parse(data)
    }

    /// The variables of an `environ` file's bytes (a later duplicate wins, as getenv would not; both are rare).
    static func parse(_ data: Data) -> [String: String] {
        var environment: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            let name = String(text[..<equals])
            guard isName(name) else { continue }
            environment[name] = String(text[text.index(after: equals)...])
        }
        return environment
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
