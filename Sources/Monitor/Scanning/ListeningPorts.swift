import Foundation

/// The TCP ports a process listens on: the LISTEN sockets of its network
/// namespace (`/proc/PID/net/tcp` and `tcp6`) whose inode is one of the
/// process's open descriptors (`/proc/PID/fd/N` → `socket:[INODE]`).
enum ListeningPorts {
    /// TCP state LISTEN in `/proc/net/tcp`.
    private static let listenState = "0A"

    /// Ports of `pid`'s listening sockets under `procRoot`, ascending, without duplicates.
    static func of(pid: Int32, procRoot: String) -> [Int] {
        let base = "\(procRoot)/\(pid)"
        let inodes = socketInodes(fdDirectory: "\(base)/fd")
        guard !inodes.isEmpty else { return [] }
        var ports = Set<Int>()
        for table in ["\(base)/net/tcp", "\(base)/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for (inode, port) in listeningSockets(in: text) where inodes.contains(inode) {
                ports.insert(port)
            }
        }
        return ports.sorted()
    }

    /// The inodes of the sockets among the links of an `fd` directory.
    static func socketInodes(fdDirectory: String) -> Set<UInt64> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: fdDirectory) else { return [] }
        var inodes = Set<UInt64>()
        for name in names {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\(name)"),
                  target.hasPrefix("socket:["), target.hasSuffix("]"),
                  let inode = UInt64(target.dropFirst("socket:[".count).dropLast()) else { continue }
            inodes.insert(inode)
        }
        return inodes
    }

    /// `(inode, local port)` of each LISTEN row of a `/proc/net/tcp` or `tcp6` table.
    static func listeningSockets(in table: String) -> [(inode: UInt64, port: Int)] {
        table.split(separator: "\n").dropFirst().compactMap { line in
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, fields[3] == listenState,
                  let colon = fields[1].lastIndex(of: ":"),
                  let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16),
                  let inode = UInt64(fields[9]), inode != 0 else { return nil }
            return (inode, port)
        }
    }
}
