import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gives back the file-backed pages that start-up faulted in: code and
/// read-only data of the binary and its libraries that ran once (argument
/// parsing, configuration, plugin and route set-up). Linux maps every read
/// fault of a file with the 64 KiB around it, so start-up leaves far more of
/// them resident than the agent uses afterwards.
///
/// `MADV_PAGEOUT` (Linux 5.4) reclaims such pages now; one used again comes
/// back from the page cache or disk on its next touch, so what stays resident
/// afterwards is what the agent keeps using. Pages other processes also map
/// (shared libraries) stay in memory. Writable mappings are left alone.
public enum StartupPageRelease {
    /// `MADV_PAGEOUT` from `<sys/mman.h>`.
    private static let pageOut: Int32 = 21

    /// Asks the kernel to reclaim every read-only file mapping of this
    /// process; returns the resident bytes before and after, nil where
    /// `/proc/self` cannot be read.
    @discardableResult
    public static func release() -> (before: UInt64, after: UInt64)? {
        guard let before = residentBytes(),
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for mapping in maps.split(separator: "\n") {
            // "start-end perms offset dev inode path": only a file mapping has a path (the one "/").
            let fields = mapping.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, mapping.contains("/"), !fields[1].contains("w") else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start
            else { continue }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), pageOut)
        }
        return residentBytes().map { (before, $0) }
    }

    /// This process's resident set size (`/proc/self/statm`).
    public static func residentBytes() -> UInt64? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
