import Foundation
import Kernel

/// Reports waiting to be sent, oldest first, one file each in a directory of
/// `state_dir`, so they survive a restart. Bounded: past `limit` the oldest
/// is dropped. Files are written atomically; a torn or foreign file is ignored.
struct Outbox {
    let directory: String
    let limit: Int
    private var names: [String] = []
    private var nextSequence: UInt64 = 1

    /// Opens (creating it if needed) the outbox directory and lists what waits in it.
    init(directory: String, limit: Int) throws {
        self.directory = directory
        self.limit = max(1, limit)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && UInt64($0.dropLast(5)) != nil }
            .sorted()
        nextSequence = (names.last.flatMap { UInt64($0.dropLast(5)) } ?? 0) + 1
        trim()
    }

    /// Reports waiting.
    var count: Int { names.count }

    /// Adds a report; drops the oldest past the limit. Returns how many were dropped.
    @discardableResult
    mutating func append(_ body: Data) throws -> Int {
        let name = String(format: "%020llu.json", nextSequence)
        try AtomicFile.write(body, to: "\(directory)/\(name)", mode: 0o600)
        nextSequence += 1
        names.append(name)
        return trim()
    }

    /// The oldest report, or nil when empty (an unreadable file is dropped).
    mutating func oldest() -> Data? {
        while let name = names.first {
            if let data = FileManager.default.contents(atPath: "\(directory)/\(name)") { return data }
            names.removeFirst()
        }
        return nil
    }

    /// Removes the oldest report (after it was delivered or refused for good).
    mutating func removeOldest() {
        guard !names.isEmpty else { return }
        unlink("\(directory)/\(names.removeFirst())")
    }

    @discardableResult
    private mutating func trim() -> Int {
        let excess = max(0, names.count - limit)
        for _ in 0..<excess { removeOldest() }
        return excess
    }
}
