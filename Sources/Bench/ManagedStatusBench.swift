import DBusBackend
import Foundation
import Kernel

/// Status of the units the running agent manages (every `/etc/systemd/system` unit whose
/// name starts with a prefix): D-Bus in one round trip vs one `systemctl show`, for the
/// scaling curve of `scripts/bench` (Tests/Bench/scaling.py). Creates no units.
struct ManagedStatusBench {
    let prefix: String
    let dbus: DBusBackend
    let results: ResultsFile

    /// The managed units named `prefix…`, sorted.
    func units() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/etc/systemd/system")
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".service") }.sorted()
    }

    func run() async throws -> [String] {
        let units = try units()
        guard !units.isEmpty else { throw SiaxError.invalid("--unit-prefix", "no unit in /etc/systemd/system starts with '\(prefix)'") }
        let n = units.count
        let viaDBus = try await Measure.repeating(100, warmup: 5) { _ = try await dbus.status(of: units) }
        let showRaw = try await Measure.repeating(5) {
            try Measure.run("/usr/bin/systemctl", ["show", "-p", "Id,LoadState,ActiveState,SubState,UnitFileState,MainPID,NRestarts,Result,ExecMainStartTimestamp,MemoryCurrent,ExecMainStatus,ExecMainCode", "--"] + units)
        }
        let median = Measure.percentile(viaDBus, 50)
        let ratio = Double(Measure.percentile(showRaw, 50) / median)
        let limit = Duration.milliseconds(5)
        results.record(Figure(
            figure: "scaling: status of \(n) managed units (D-Bus), median", value: Measure.ms(median),
            baseline: "one `systemctl show`: \(Measure.ms(Measure.percentile(showRaw, 50)))",
            ratio: ResultsFile.times(ratio, digits: 0) + " faster", target: n >= 500 ? "≤ 5 ms at 500" : "–",
            pass: n >= 500 ? median <= limit : nil))
        return [
            "status of \(n) managed units, DBusBackend.status(of:): \(Measure.summary(viaDBus))",
            "status of \(n) managed units, one `systemctl show` subprocess: \(Measure.summary(showRaw))",
        ]
    }
}
