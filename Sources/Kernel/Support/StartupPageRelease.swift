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
/// `MADV_PAGEOUT` (Linux 5.4) reclaims such pages now. It skips pages other
/// processes also map (shared libraries such as libc), so those are then
/// dropped from this process's page tables with `MADV_DONTNEED` — only in
/// mappings with no private copy of a page, resident or swapped out (`smaps`),
/// where every page is the file's own and nothing can be lost; a relocated
/// read-only mapping (RELRO) keeps its pages. A page used again comes back
/// from the page cache or disk on its next touch, so what stays resident
/// afterwards is what the agent keeps using. Writable mappings are left alone.
public enum StartupPageRelease {
    /// `MADV_PAGEOUT` from `<sys/mman.h>`.
    private static let pageOut: Int32 = 21

    /// Gives back every read-only file mapping's pages; returns the resident
    /// bytes before and after, nil where `/proc/self` cannot be read.
    @discardableResult
    public static func release() -> (before: UInt64, after: UInt64)? {
        // Read before anything is paged out: with swap, paging out moves private pages from
        // `Anonymous:` to `Swap:`, and they must still count as private.
        guard let before = ResidentMemory.current(), let smaps = readWhole("/proc/self/smaps") else { return nil }
        let mappings = readOnlyFileMappings(smaps: smaps)
        for mapping in mappings {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.range.lowerBound), Int(mapping.range.count), pageOut)
        }
        for mapping in mappings where mapping.unmodified {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.range.lowerBound), Int(mapping.range.count), MADV_DONTNEED)
        }
        return ResidentMemory.current().map { (before, $0) }
    }

    /// A read-only file mapping, and whether it holds no private copy of a page.
    struct ReadOnlyMapping: Equatable {
        let range: Range<UInt>
        /// `Anonymous: 0 kB` and no `Swap:` above 0: every page is the file's own.
        var unmodified: Bool
    }

    /// The read-only file mappings of an `smaps` text (`/proc/PID/smaps`).
    static func readOnlyFileMappings(smaps: String) -> [ReadOnlyMapping] {
        var mappings: [ReadOnlyMapping] = []
        var inReadOnlyMapping = false
        for line in smaps.split(separator: "\n") {
            // A mapping's header line ("start-end perms …"), then its "Key: value" lines.
            let key = line.prefix { $0 != " " }
            let isZero = line.split(separator: " ").dropFirst().first == "0"
            if !key.hasSuffix(":") {
                let range = readOnlyFileMapping(line)
                inReadOnlyMapping = range != nil
                if let range { mappings.append(ReadOnlyMapping(range: range, unmodified: false)) }
            } else if inReadOnlyMapping, key == "Anonymous:" {
                mappings[mappings.count - 1].unmodified = isZero
            } else if inReadOnlyMapping, key == "Swap:", !isZero {
                mappings[mappings.count - 1].unmodified = false
            }
        }
        return mappings
    }

    /// The address ranges of this process's read-only file mappings (`/proc/self/maps`).
    public static func readOnlyFileMappings() -> [Range<UInt>]? {
        guard let maps = readWhole("/proc/self/maps") else { return nil }
        return maps.split(separator: "\n").compactMap(readOnlyFileMapping)
    }

    /// The address range of a `maps` line ("start-end perms offset dev inode path") when it is a
    /// read-only file mapping: only a file mapping has a path (the one "/").
    private static func readOnlyFileMapping(_ line: Substring) -> Range<UInt>? {
        let fields = line.split(separator: " ", maxSplits: 2)
        guard fields.count == 3, fields[1].count == 4, line.contains("/"), !fields[1].contains("w") else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start
        else { return nil }
        return start..<end
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
