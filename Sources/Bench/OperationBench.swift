import DBusBackend
import Kernel
import SystemctlBackend

/// A start + stop round trip through each backend vs `busctl call` (the floor).
struct OperationBench {
    let unit: String
    let dbus: DBusBackend
    let systemctl: SystemctlBackend
    let results: ResultsFile

    func run() async throws -> [String] {
        let viaDBus = try await Measure.repeating(30, warmup: 2) {
            try await dbus.start(unit)
            try await dbus.stop(unit)
        }
        let viaSystemctl = try await Measure.repeating(30, warmup: 2) {
            try await systemctl.start(unit)
            try await systemctl.stop(unit)
        }
        let busctl = try await Measure.repeating(30, warmup: 2) {
            for method in ["StartUnit", "StopUnit"] {
                try Measure.run("/usr/bin/busctl", [
                    "call", "org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                    method, "ss", unit, "replace",
                ])
            }
        }
        let ratio = Double(Measure.percentile(viaDBus, 50) / Measure.percentile(busctl, 50))
        results.record(Figure(
            figure: "start+stop (D-Bus, both jobs awaited), median", value: Measure.ms(Measure.percentile(viaDBus, 50)),
            baseline: "2 × `busctl call`: \(Measure.ms(Measure.percentile(busctl, 50)))",
            ratio: ResultsFile.times(ratio, digits: 2), target: "≤ 1.1x", pass: ratio <= 1.1))
        return [
            "start+stop, DBusBackend (waits for both jobs): \(Measure.summary(viaDBus))",
            "start+stop, SystemctlBackend (systemctl start/stop): \(Measure.summary(viaSystemctl))",
            "start+stop, 2 × `busctl call` StartUnit/StopUnit (job queued, not awaited): \(Measure.summary(busctl))",
            "DBusBackend / busctl floor: \(String(format: "%.2f", ratio))x",
        ]
    }
}
