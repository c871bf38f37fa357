import Foundation

/// The units a benchmark run creates in the sandbox's `/etc/systemd/system`, and removes.
struct BenchUnits {
    let prefix = "siax-bench"

    /// The name of unit number `index`.
    func name(_ index: Int) -> String { String(format: "\(prefix)-%02d.service", index) }

    /// Writes a unit with these `[Service]` lines.
    func write(_ unit: String, _ service: String) throws {
        try "[Service]\n\(service)\nLogRateLimitIntervalSec=1s\nLogRateLimitBurst=100000000\n".write(
            toFile: "/etc/systemd/system/\(unit)", atomically: true, encoding: .utf8)
    }

    /// `count` long-running units, started.
    func makeRunning(_ count: Int) throws -> [String] {
        let units = (1...count).map(name)
        for unit in units { try write(unit, "ExecStart=/bin/sleep infinity") }
        try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
        try Measure.run("/usr/bin/systemctl", ["start"] + units)
        return units
    }

    /// Stops and removes every unit of the benchmark.
    func removeAll() {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: "/etc/systemd/system")) ?? []).filter { $0.hasPrefix(prefix) }
        guard !files.isEmpty else { return }
        _ = try? Measure.run("/usr/bin/systemctl", ["stop"] + files)
        for file in files { try? FileManager.default.removeItem(atPath: "/etc/systemd/system/\(file)") }
        _ = try? Measure.run("/usr/bin/systemctl", ["daemon-reload"])
        _ = try? Measure.run("/usr/bin/systemctl", ["reset-failed"] + files)
    }
}
