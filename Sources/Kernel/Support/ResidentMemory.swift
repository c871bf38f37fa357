import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This process's resident set size, from `/proc/self/statm`.
public enum ResidentMemory {
    /// Resident bytes now; nil where `/proc` cannot be read.
    public static func current() -> UInt64? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
