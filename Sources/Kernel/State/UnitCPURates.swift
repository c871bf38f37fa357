import Foundation
import Synchronization

/// Turns each unit's cumulative CPU time — systemd's `CPUUsageNSec`, the `usage_usec`
/// of its cgroup v2 `cpu.stat` — into the percentage of one core it used since the
/// previous reading at least `minimumInterval` seconds earlier (a reading sooner
/// repeats the last percentage, so reads right after an operation are not noise).
/// The first reading of a unit, and the first after its cgroup was made anew (its
/// time went backwards), give nil. Shared by every status read of one backend.
public final class UnitCPURates: Sendable {
    /// Seconds between two readings a percentage is taken from.
    public static let minimumInterval = 1.0

    private struct Reading {
        var nanoseconds: UInt64
        /// Monotonic seconds.
        var at: Double
        var percent: Double?
    }

    private let readings = Mutex<[String: Reading]>([:])

    public init() {}

    /// The percentage for `unit`, whose cumulative CPU time is `nanoseconds` at the
    /// monotonic instant `at` (seconds; default now).
    public func percent(unit: String, nanoseconds: UInt64, at: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        readings.withLock { readings in
            guard let last = readings[unit], nanoseconds >= last.nanoseconds, at >= last.at else {
                readings[unit] = Reading(nanoseconds: nanoseconds, at: at, percent: nil)
                return nil
            }
            let elapsed = at - last.at
            guard elapsed >= Self.minimumInterval else { return last.percent }
            let percent = Double(nanoseconds - last.nanoseconds) / (elapsed * 1e9) * 100
            readings[unit] = Reading(nanoseconds: nanoseconds, at: at, percent: percent)
            return percent
        }
    }

    /// Forgets a unit that is down (no cgroup, no CPU time).
    public func forget(_ unit: String) {
        _ = readings.withLock { $0.removeValue(forKey: unit) }
    }
}
