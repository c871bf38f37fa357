import Foundation
import Kernel

/// Parses `systemctl show -p … UNIT…`: one block of `Key=Value` lines per
/// unit, blocks separated by a blank line; a value may itself contain `=`.
enum SystemctlShowParser {
    /// The properties `status(of:)` asks for, in one `systemctl show` call.
    static let statusProperties = [
        "Id", "LoadState", "ActiveState", "SubState", "UnitFileState", "MainPID", "NRestarts", "Result",
        "ExecMainStartTimestamp", "ActiveEnterTimestamp", "MemoryCurrent", "ExecMainStatus", "ExecMainCode",
        "CPUUsageNSec",
    ]

    /// The property blocks, in output order. Lines end at each `\n` byte, as systemctl writes
    /// them (a `Character` split would take a value's `\r` and the `\n` after it for one
    /// character and merge two lines).
    static func blocks(_ text: String) -> [[String: String]] {
        var blocks: [[String: String]] = []
        var current: [String: String] = [:]
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init) {
            if line.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            current[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// The status described by one block (without `cpuPercent`, which takes two blocks: `cpuUsage`).
    static func unitStatus(_ properties: [String: String]) -> UnitStatus {
        let value = { key in Self.value(key, in: properties) }
        let code = value("ExecMainCode").flatMap(Int32.init) ?? 0
        var status = UnitStatus(
            unit: value("Id") ?? "",
            loadState: value("LoadState") ?? "not-found",
            activeState: value("ActiveState") ?? "inactive",
            subState: value("SubState") ?? "dead",
            unitFileState: value("UnitFileState") ?? "",
            mainPID: value("MainPID").flatMap(Int32.init).flatMap { $0 > 0 ? $0 : nil },
            restarts: value("NRestarts").flatMap(Int.init) ?? 0,
            result: value("Result") ?? "success",
            since: value("ExecMainStartTimestamp").flatMap(SystemdTimestamp.parse)
                ?? value("ActiveEnterTimestamp").flatMap(SystemdTimestamp.parse),
            memoryCurrent: value("MemoryCurrent").flatMap(UInt64.init).flatMap { $0 == .max ? nil : $0 },
            execMainStatus: code == 0 ? nil : value("ExecMainStatus").flatMap(Int32.init),
            execMainCode: code == 0 ? nil : ChildExitCode.name(Int64(code)))
        status.memoryIsCgroupV2 = status.memoryCurrent != nil && UnitStatus.hostHasCgroupV2
        return status
    }

    /// The unit's cumulative CPU time in nanoseconds (`CPUUsageNSec`), when systemd has it
    /// from the unit's cgroup v2; nil for a unit that is down and on cgroup v1.
    static func cpuUsage(_ properties: [String: String]) -> UInt64? {
        guard UnitStatus.hostHasCgroupV2 else { return nil }
        return value("CPUUsageNSec", in: properties).flatMap(UInt64.init).flatMap { $0 == .max ? nil : $0 }
    }

    /// A property's value, nil when absent or one of systemd's "no value" spellings.
    private static func value(_ key: String, in properties: [String: String]) -> String? {
        guard let raw = properties[key] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return ["", "n/a", "[not set]"].contains(trimmed) ? nil : trimmed
    }
}
