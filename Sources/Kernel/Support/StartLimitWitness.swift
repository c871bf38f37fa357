#if canImport(Glibc)
import Glibc
#endif

/// Tells a start refused by systemd's start limit from other failed starts.
///
/// systemd 252 keeps `Result` at a unit's first failure (e.g. `exit-code`
/// from the crash loop), so a start refused by the limit does not show
/// `start-limit-hit` there. The witness is that the unit never left the
/// inactive/failed state for that start: its `InactiveExitTimestampMonotonic`
/// is older than the request. (Other refusals have job results of their own:
/// conditions `done`, asserts `assert`, bad settings `invalid`.)
public enum StartLimitWitness {
    /// Microseconds on `CLOCK_MONOTONIC`, the clock of systemd's `…Monotonic` timestamps.
    public static func nowMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    /// Whether a failed start or restart requested at `requestedAt` was refused
    /// by the start limit: `Result` says so, or the unit last left inactive
    /// (`inactiveExit`, monotonic µs; 0 = never) before the request.
    public static func refused(result: String?, requestedAt: UInt64, inactiveExit: UInt64?) -> Bool {
        if result == "start-limit-hit" { return true }
        guard let inactiveExit else { return false }
        return inactiveExit < requestedAt
    }
}
