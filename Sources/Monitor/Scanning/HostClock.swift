import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host's constants that turn `/proc` numbers into units: clock ticks per
/// second, the page size, and the boot time (`btime` in `/proc/stat`).
struct HostClock: Sendable, Equatable {
    /// `sysconf(_SC_CLK_TCK)`, usually 100.
    var ticksPerSecond: Double
    /// `sysconf(_SC_PAGESIZE)`, usually 4096.
    var pageSize: UInt64
    /// Boot time in seconds since 1970, nil when `/proc/stat` has no `btime`.
    var bootTime: Double?

    /// Reads the constants, with the boot time from `<procRoot>/stat`.
    init(procRoot: String) {
        ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        pageSize = UInt64(max(1, sysconf(Int32(_SC_PAGESIZE))))
        let text = (try? String(contentsOfFile: "\(procRoot)/stat", encoding: .utf8)) ?? ""
        bootTime = text.split(separator: "\n").first { $0.hasPrefix("btime ") }
            .flatMap { Double($0.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// When a process started, from its start time in ticks after boot.
    func startDate(ticks: UInt64) -> Date? {
        bootTime.map { Date(timeIntervalSince1970: $0 + Double(ticks) / ticksPerSecond) }
    }

    /// Seconds on the monotonic clock, for CPU-time deltas.
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
