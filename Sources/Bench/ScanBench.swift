import Foundation
import Kernel
import Monitor
import Runtimes

/// One full `/proc` scan by the agent's `ProcScanner` (every process's command
/// line and executable, full details for the ones a runtime recognises), timed
/// like `Tests/Bench/scan_psutil.py` times psutil: one warm-up scan, then 20.
struct ScanBench {
    let results: ResultsFile
    /// psutil's median for the same scan, measured just before (`--psutil-ms`), if any.
    let psutilMedianMs: Double?

    func run() async throws -> [String] {
        let directory = BuiltinRuntimes.directory() ?? "Plugins/runtimes"
        let catalog = RuntimeLoader.load(directories: [directory]).catalog
        let scanner = ProcScanner()
        var found = 0
        let samples = try await Measure.repeating(20, warmup: 1) { found = try await scanner.scan(runtimes: catalog).count }
        let processes = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { Int($0) != nil }.count
        let median = Measure.percentile(samples, 50)
        var lines = ["full /proc scan, ProcScanner (\(processes) processes, \(found) recognised): \(Measure.summary(samples))"]
        if let psutilMedianMs {
            let ownMs = Double(median / .milliseconds(1))
            let ratio = psutilMedianMs / ownMs
            lines.append("psutil / ProcScanner: \(ResultsFile.times(ratio))")
            results.record(Figure(
                figure: "full /proc scan (\(processes) processes, \(found) recognised), median", value: Measure.ms(median),
                baseline: String(format: "psutil, same work: %.2f ms", psutilMedianMs),
                ratio: ResultsFile.times(ratio) + " faster", target: "≥ 4x faster", pass: ratio >= 4))
        }
        return lines
    }
}
