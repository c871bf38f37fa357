import CFaultAround
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Page faults in the agent's code that map one page, not 64 KiB.
///
/// Linux maps each read fault of a file with up to 64 KiB of neighbouring
/// pages already in the page cache ("fault-around"). After start-up's pages
/// are given back (`StartupPageRelease`), a monitor pass runs small pieces of
/// code spread over ~40 MB of text, so fault-around made the resident set
/// about three times the pages the agent uses. The kernel's one per-mapping
/// switch for it is userfaultfd (see `fault_around.h`); where that is missing,
/// nothing changes.
enum FaultAround {
    /// Turns fault-around off for `mappings` (page-aligned, read-only); says what was done, for the log.
    static func turnOff(for mappings: [Range<UInt>]) -> String {
        if underSeccompFilter(), siax_userfaultfd_allowed() == 0 {
            return "fault-around stays on (this process's seccomp filter does not allow userfaultfd)"
        }
        let starts = mappings.map { CUnsignedLong($0.lowerBound) }
        let ends = mappings.map { CUnsignedLong($0.upperBound) }
        let result = siax_fault_around_off(starts, ends, Int32(mappings.count))
        guard result >= 0 else { return "fault-around stays on (userfaultfd: \(String(cString: strerror(-result))))" }
        return "fault-around off in \(result) of \(mappings.count) read-only mappings"
    }

    /// Whether this process runs under a seccomp filter (`Seccomp: 2` in
    /// `/proc/self/status`), or that cannot be read. A filter may kill the
    /// process for a system call it does not allow — systemd's
    /// `SystemCallFilter=` does unless `SystemCallErrorNumber=` is set — so
    /// under one, userfaultfd is first tried in a child process.
    static func underSeccompFilter() -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return true }
        return status.split(separator: "\n").contains { line in
            line.hasPrefix("Seccomp:") && line.dropFirst("Seccomp:".count).trimmingCharacters(in: .whitespaces) != "0"
        }
    }
}
