import DBusBackend
import Foundation
import Logging
import SystemctlBackend

// siax-bench: the backend benchmarks of docs/benchmarks.md. Run inside the
// sandbox as root (scripts/bench does): status, operation and journal create 50
// units siax-bench-NN.service in /etc/systemd/system, measure, and remove them;
// scan times one full /proc scan (compared with psutil's median given as --psutil-ms);
// managed times the status of the agent's own units named --unit-prefix… (creates none).
//
//   siax-bench [--units N] [--lines N] [--results FILE] [--psutil-ms MS] [--unit-prefix P]
//              [status|operation|journal|scan|managed]...
//
// Without parts: status, operation and journal. --results FILE appends each
// headline figure as a JSON line (scripts/bench's summary table).

/// Prints a line at once (standard output may be a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = Array(CommandLine.arguments.dropFirst())
/// The argument after `name`, if any.
func value(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
/// The number after `name`, or `fallback`.
func option(_ name: String, _ fallback: Int) -> Int {
    value(name).flatMap { Int($0) } ?? fallback
}
let allParts = ["status", "operation", "journal", "scan", "managed"]
let requested = Set(arguments.filter(allParts.contains))
let parts = requested.isEmpty ? ["status", "operation", "journal"] : allParts.filter(requested.contains)
let results = ResultsFile(path: value("--results"))
let needsUnits = parts.contains { $0 != "scan" && $0 != "managed" }

guard FileManager.default.fileExists(atPath: "/run/systemd/system"),
      (try? String(contentsOfFile: "/proc/1/comm", encoding: .utf8))?.hasPrefix("systemd") == true else {
    FileHandle.standardError.write(Data("siax-bench: systemd is not PID 1 here; run it inside scripts/sandbox\n".utf8))
    exit(2)
}

let logger = Logger(label: "siax-bench", factory: { _ in SwiftLogNoOpLogHandler() })
let units = BenchUnits()
if needsUnits { units.removeAll() }
do {
    let dbus = try await DBusBackend(logger: logger)
    let systemctl = SystemctlBackend(logger: logger)
    let running = needsUnits ? try units.makeRunning(option("--units", 50)) : []
    say("siax-bench: \(running.count) running units, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    for part in parts {
        let lines: [String]
        switch part {
        case "status": lines = try await StatusBench(units: running, dbus: dbus, systemctl: systemctl, results: results).run()
        case "operation":
            let unit = units.name(80)
            try units.write(unit, "ExecStart=/bin/sleep infinity")
            try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
            lines = try await OperationBench(unit: unit, dbus: dbus, systemctl: systemctl, results: results).run()
        case "managed": lines = try await ManagedStatusBench(prefix: value("--unit-prefix") ?? "scale-", dbus: dbus, results: results).run()
        case "scan": lines = try await ScanBench(results: results, psutilMedianMs: value("--psutil-ms").flatMap(Double.init)).run()
        default: lines = try await JournalBench(units: units, dbus: dbus, lines: option("--lines", 100_000), results: results).run()
        }
        for line in lines { say("- \(line)") }
    }
} catch {
    say("siax-bench: \(error)")
    if needsUnits { units.removeAll() }
    exit(1)
}
if needsUnits { units.removeAll() }
