import DBusBackend
import Foundation
import Logging
import SystemctlBackend

// siax-bench: the backend benchmarks of docs/benchmarks.md. Run inside the
// sandbox as root (scripts/bench does): it creates 50 units siax-bench-NN.service
// in /etc/systemd/system, measures, and removes them.
//
//   siax-bench [--units N] [--lines N] [status|operation|journal]...

/// Prints a line at once (standard output may be a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
let requested = Set(arguments.filter { ["status", "operation", "journal"].contains($0) })
let parts = requested.isEmpty ? ["status", "operation", "journal"] : ["status", "operation", "journal"].filter(requested.contains)

guard FileManager.default.fileExists(atPath: "/run/systemd/system"),
      (try? String(contentsOfFile: "/proc/1/comm", encoding: .utf8))?.hasPrefix("systemd") == true else {
    FileHandle.standardError.write(Data("siax-bench: systemd is not PID 1 here; run it inside scripts/sandbox\n".utf8))
    exit(2)
}

let logger = Logger(label: "siax-bench", factory: { _ in SwiftLogNoOpLogHandler() })
let units = BenchUnits()
units.removeAll()
do {
    let dbus = try await DBusBackend(logger: logger)
    let systemctl = SystemctlBackend(logger: logger)
    let running = try units.makeRunning(option("--units", 50))
    say("siax-bench: \(running.count) running units, systemd \(try String(contentsOfFile: "/proc/1/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    for part in parts {
        let lines: [String]
        switch part {
        case "status": lines = try await StatusBench(units: running, dbus: dbus, systemctl: systemctl).run()
        case "operation":
            let unit = units.name(80)
            try units.write(unit, "ExecStart=/bin/sleep infinity")
            try Measure.run("/usr/bin/systemctl", ["daemon-reload"])
            lines = try await OperationBench(unit: unit, dbus: dbus, systemctl: systemctl).run()
        default: lines = try await JournalBench(units: units, dbus: dbus, lines: option("--lines", 100_000)).run()
        }
        for line in lines { say("- \(line)") }
    }
} catch {
    say("siax-bench: \(error)")
    units.removeAll()
    exit(1)
}
units.removeAll()
