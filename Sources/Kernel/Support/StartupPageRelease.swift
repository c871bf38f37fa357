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
        guard let before = ResidentMemory.current(), let mappings = readOnlyFileMappings() else { return nil }
        for mapping in mappings {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.lowerBound), Int(mapping.count), pageOut)
        }
        return ResidentMemory.current().map { (before, $0) }
    }

    /// The address ranges of this process's read-only file mappings (`/proc/self/maps`).
    static func readOnlyFileMappings() -> [Range<UInt>]? {
        guard let maps = readWhole("/proc/self/maps") else { return nil }
        return maps.split(separator: "\n").compactMap { mapping in
            // "start-end perms offset dev inode path": only a file mapping has a path (the one "/").
            let fields = mapping.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, mapping.contains("/"), !fields[1].contains("w") else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start
            else { return nil }
            return start..<end
        }
    }

    /// A `/proc` file read to its end (its size is unknown until then).
    private static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
            bytes += chunk[..<count]
        }
    }
}
