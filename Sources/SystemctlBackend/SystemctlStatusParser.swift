import Foundation

/// Parses the text of `systemctl status UNIT` into a `SystemctlStatusReport`.
///
/// Only the header is read: the first line, then `Label: value` lines up to
/// the first blank line (the journal excerpt that follows is ignored).
public enum SystemctlStatusParser {
    /// The report of the first unit in the text, or nil when there is none.
    public static func parse(_ text: String) -> SystemctlStatusReport? {
        // Split at each `\n` byte: as `Character`s, a `\r` before it would join two lines into one.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
              var report = header(String(first))
        else { return nil }
        for line in lines.drop(while: { $0 != first }).dropFirst() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            apply(label: label, value: value, to: &report)
        }
        return report
    }

    // MARK: - Lines

    /// `● name.service - Description`; the bullet varies with the state (●, ○, ×, ↻, *).
    /// Anything else (e.g. `Unit x.service could not be found.`) is not a status.
    private static func header(_ line: String) -> SystemctlStatusReport? {
        let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0].count == 1, let bullet = words[0].first, !bullet.isLetter, !bullet.isNumber
        else { return nil }
        let parts = words[1].split(separator: " - ", maxSplits: 1, omittingEmptySubsequences: false)
        var report = SystemctlStatusReport(unit: parts[0].trimmingCharacters(in: .whitespaces))
        if parts.count > 1 { report.description = String(parts[1]) }
        return report
    }

    private static func apply(label: String, value: String, to report: inout SystemctlStatusReport) {
        switch label {
        case "Loaded": loaded(value, into: &report)
        case "Active": active(value, into: &report)
        case "Main PID":
            let (head, detail) = splitParenthesis(value)
            report.mainPID = Int32(head)
            report.mainProcess = detail
        case "Tasks":
            let (head, detail) = splitParenthesis(value)
            report.tasks = Int(head)
            report.tasksLimit = detail.flatMap { Int($0.replacingOccurrences(of: "limit:", with: "").trimmingCharacters(in: .whitespaces)) }
        case "Memory": report.memoryBytes = SystemdQuantity.bytes(splitParenthesis(value).head)
        case "CPU": report.cpuSeconds = SystemdQuantity.seconds(value)
        default: break
        }
    }

    /// `loaded (/etc/systemd/system/x.service; enabled; preset: enabled)` or `not-found (Reason: …)`.
    private static func loaded(_ value: String, into report: inout SystemctlStatusReport) {
        let (head, detail) = splitParenthesis(value)
        report.loadState = head
        guard let detail, !detail.hasPrefix("Reason:") else { return }
        let fields = detail.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        report.unitFilePath = fields.first
        if fields.count > 1 { report.enablement = fields[1] }
    }

    /// `active (running) since Sun 2026-11-29 05:26:00 UTC; 3min ago` or
    /// `failed (Result: exit-code) since …` or `activating (auto-restart) (Result: exit-code) since …`.
    private static func active(_ value: String, into report: inout SystemctlStatusReport) {
        var rest = Substring(value)
        if let space = rest.firstIndex(of: " ") {
            report.activeState = String(rest[..<space])
            rest = rest[space...].drop(while: { $0 == " " })
        } else {
            report.activeState = value
            return
        }
        while rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            if inner.hasPrefix("Result: ") {
                report.result = String(inner.dropFirst("Result: ".count))
            } else {
                report.subState = String(inner)
            }
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " })
        }
        if rest.hasPrefix("since ") {
            let stamp = rest.dropFirst("since ".count).split(separator: ";", maxSplits: 1).first ?? ""
            report.since = SystemdTimestamp.parse(String(stamp))
        }
    }

    /// `46 (node)` → (`46`, `node`); a value without parenthesis → (value, nil).
    private static func splitParenthesis(_ value: String) -> (head: String, detail: String?) {
        guard let open = value.firstIndex(of: "("), let close = value.lastIndex(of: ")"), open < close else {
            return (value, nil)
        }
        let head = value[..<open].trimmingCharacters(in: .whitespaces)
        return (head, String(value[value.index(after: open)..<close]))
    }
}
