/// CPU% of each process from the growth of its CPU time (utime + stime)
/// between two scans: 100 % is one core busy for the whole interval.
///
/// Samples are keyed by PID and start time, so a reused PID starts afresh.
/// A baseline is replaced only once it is `minimumWindow` old, so a scan that
/// follows another closely (an API request between two monitor passes) still
/// measures over a meaningful interval instead of one or two clock ticks.
struct CPUSampler {
    private struct Sample {
        var startTicks: UInt64
        var cpuTicks: UInt64
        var at: Double
    }

    private var baselines: [Int32: Sample] = [:]
    private var next: [Int32: Sample] = [:]
    private let ticksPerSecond: Double
    private let minimumWindow: Double

    init(ticksPerSecond: Double, minimumWindow: Double = 0.5) {
        self.ticksPerSecond = ticksPerSecond
        self.minimumWindow = minimumWindow
    }

    /// CPU% of a process since its baseline, nil when it has none yet.
    mutating func percent(pid: Int32, startTicks: UInt64, cpuTicks: UInt64, at now: Double) -> Double? {
        let current = Sample(startTicks: startTicks, cpuTicks: cpuTicks, at: now)
        guard let baseline = baselines[pid], baseline.startTicks == startTicks, now > baseline.at else {
            next[pid] = current
            return nil
        }
        next[pid] = now - baseline.at >= minimumWindow ? current : baseline
        let used = Double(cpuTicks &- min(cpuTicks, baseline.cpuTicks)) / ticksPerSecond
        return used / (now - baseline.at) * 100
    }

    /// Ends a scan: processes not seen in it are forgotten.
    mutating func finishScan() {
        swap(&baselines, &next)
        next.removeAll(keepingCapacity: true)
    }
}
