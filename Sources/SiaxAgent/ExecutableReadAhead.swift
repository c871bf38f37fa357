import Foundation

/// For `serve`: no read-ahead on the agent's own executable (`MADV_RANDOM` on its mappings).
///
/// The static release binary is ~79 MB, and the code and metadata an agent runs are spread
/// over it. By default every page fault on it reads a whole read-ahead window (128 KB on a
/// Debian server's disk) around the page: after a boot the page cache held 30 MB of the
/// binary, charged to the agent's unit by cgroup v2. With `MADV_RANDOM` a fault reads the page
/// it needs, so the cache holds the pages the agent touches (17 MB; docs/benchmarks.md).
/// `main` applies it first thing; what ran before (the loader's relocations, the runtime's
/// start) was read the default way.
enum ExecutableReadAhead {
    /// Applies it on first use; nil when done, else why not (the agent runs either way).
    static let failure: String? = disable()

    private static func disable() -> String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return "cannot read /proc/self/exe or /proc/self/maps" }
        var advised = 0
        for line in maps.split(separator: "\n") {
            // start-end perms offset dev inode   path (the path after padding spaces)
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[5].drop(while: { $0 == " " }) == executable else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0], let start = UnsafeMutableRawPointer(bitPattern: bounds[0]) else { continue }
            if madvise(start, Int(bounds[1] - bounds[0]), MADV_RANDOM) == 0 { advised += 1 }
        }
        return advised > 0 ? nil : "no mapping of \(executable) took MADV_RANDOM"
    }
}
