import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Lines an app may write that a careless log path would mangle or execute: markup, terminal
/// escapes, bytes that are not UTF-8, and a 1 MB line. Both backends, history and follow.
@Suite("Hostile log lines", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(3)))
struct HostileLogLineTests {
    static let markup = "<script>alert(1)</script>"
    static let escapes = "\u{1B}[31mred\u{1B}[0m"
    static let megabyte = 1 << 20

    /// Writes the lines, then `after-big` to show the framing after the long line holds.
    static func script(in dir: String) throws -> String {
        let path = "\(dir)/hostile.sh"
        try """
        #!/bin/sh
        printf '%s\\n' '\(markup)'
        printf '\\033[31mred\\033[0m\\n'
        printf 'bad \\377\\376 bytes\\n'
        head -c \(megabyte) /dev/zero | tr '\\0' x
        printf '\\nafter-big\\n'
        """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// What every backend must deliver, as text, in order.
    func check(_ entries: [LogEntry], sourceLocation: SourceLocation = #_sourceLocation) {
        let messages = entries.map(\.message)
        #expect(messages.contains(Self.markup), sourceLocation: sourceLocation)
        #expect(messages.contains(Self.escapes), sourceLocation: sourceLocation)
        #expect(messages.contains { $0.hasPrefix("bad ") && $0.hasSuffix(" bytes") }, "\(messages.filter { $0.hasPrefix("bad") })",
                sourceLocation: sourceLocation)
        // journald splits a line past its LineMax into several entries; together they are the line.
        let pieces = messages.filter { !$0.isEmpty && $0.allSatisfy { $0 == "x" } }
        #expect(pieces.reduce(0) { $0 + $1.count } == Self.megabyte, sourceLocation: sourceLocation)
        #expect(messages.last == "after-big", sourceLocation: sourceLocation)
    }

    @Test("history and follow deliver them as text, with the framing intact", arguments: BackendKind.allCases)
    func delivered(_ kind: BackendKind) async throws {
        let backend = try await kind.make()
        let units = ConformanceUnits(kind)
        let dir = "/var/lib/siax-agent/it-hostile-\(UUID().uuidString.prefix(6).lowercased())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = try Self.script(in: dir)
        try await units.run {
            let unit = units.unit("hostile")
            try units.write("hostile", "Type=oneshot\nRemainAfterExit=yes\nExecStart=\(script)")
            try await backend.reload()
            let followed = try await withThrowingTaskGroup(of: [LogEntry]?.self) { group in
                group.addTask {
                    var entries: [LogEntry] = []
                    for try await entry in backend.logs.follow(unit, query: LogQuery(lines: 0)) {
                        entries.append(entry)
                        if entry.message == "after-big" { break }
                    }
                    return entries
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(1))
                    try await backend.start(unit)
                    try await Task.sleep(for: .seconds(120))
                    return nil
                }
                while let result = try await group.next() {
                    if let entries = result {
                        group.cancelAll()
                        return entries
                    }
                }
                return []
            }
            check(followed.filter { $0.unit == unit })
            let history = try await backend.logs.history(of: unit, query: LogQuery(lines: 200))
            check(history.entries)
        }
    }
}
