import DBusBackend
import Kernel
import SystemctlBackend

/// Status of many units: D-Bus in one round trip vs one `systemctl show` vs one `systemctl is-active` per unit.
struct StatusBench {
    let units: [String]
    let dbus: DBusBackend
    let systemctl: SystemctlBackend
    let results: ResultsFile

    func run() async throws -> [String] {
        let n = units.count
        let viaDBus = try await Measure.repeating(200, warmup: 5) { _ = try await dbus.status(of: units) }
        let viaShow = try await Measure.repeating(20) { _ = try await systemctl.status(of: units) }
        let showRaw = try await Measure.repeating(20) {
            try Measure.run("/usr/bin/systemctl", ["show", "-p", "Id,LoadState,ActiveState,SubState,UnitFileState,MainPID,NRestarts,Result,ExecMainStartTimestamp,MemoryCurrent,ExecMainStatus,ExecMainCode", "--"] + units)
        }
        let isActive = try await Measure.repeating(5) {
            for unit in units { try Measure.run("/usr/bin/systemctl", ["is-active", unit]) }
        }
        let ratio = Double(Measure.percentile(showRaw, 50) / Measure.percentile(viaDBus, 50))
        results.record(Figure(
            figure: "status of \(n) units (D-Bus), median", value: Measure.ms(Measure.percentile(viaDBus, 50)),
            baseline: "one `systemctl show`: \(Measure.ms(Measure.percentile(showRaw, 50)))",
            ratio: ResultsFile.times(ratio, digits: 0) + " faster", target: "≥ 80x faster", pass: ratio >= 80))
        return [
            "status of \(n) units, DBusBackend.status(of:): \(Measure.summary(viaDBus))",
            "status of \(n) units, one `systemctl show` subprocess: \(Measure.summary(showRaw))",
            "status of \(n) units, SystemctlBackend.status(of:) (systemctl show + parsing): \(Measure.summary(viaShow))",
            "status of \(n) units, \(n) `systemctl is-active` subprocesses: \(Measure.summary(isActive))",
            "D-Bus vs one systemctl show: \(String(format: "%.0f", ratio))x faster",
        ]
    }
}
