import Foundation
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The agent's own process, read at scrape time: resident memory
/// (`/proc/self/statm`) and CPU time (`getrusage`).
struct AgentProcess: Equatable {
    /// Resident set size in bytes, nil where `/proc` cannot be read.
    var residentBytes: Double?
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double

    /// The process now.
    static func current() -> AgentProcess {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let cpu = [usage.ru_utime, usage.ru_stime].reduce(0.0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
        return AgentProcess(residentBytes: ResidentMemory.current().map { Double($0) }, cpuSeconds: cpu)
    }
}
