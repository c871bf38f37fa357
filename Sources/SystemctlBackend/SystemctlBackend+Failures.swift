import Foundation
import Kernel

extension SystemctlBackend {
    // MARK: - Failed jobs

    /// Text systemd 252 logs when a unit's start limit refuses a start. It
    /// keeps `Result` at the earlier failure (e.g. `exit-code`) and systemctl
    /// prints the generic "control process exited" message, so the journal
    /// is the only witness.
    static let startLimitMessage = "Start request repeated too quickly"

    /// The error for a failed job: systemd's `Result`, `ExecMainCode`,
    /// `ExecMainStatus` and states, read with one `systemctl show` after the
    /// failure, and whether the start limit refused it.
    func explainJobFailure(of unit: String, action: String, stderr: String, requestedAt: Date) async -> SiaxError {
        var properties: [String: String] = [:]
        if let result = try? await systemctl(["show", "-p", ErrorClassifier.failureProperties.joined(separator: ","), "--", unit]),
           result.succeeded {
            properties = SystemctlShowParser.blocks(result.standardOutput).first ?? [:]
        }
        if properties["Result"] != "start-limit-hit", await startLimitRefused(unit, since: requestedAt) {
            properties["Result"] = "start-limit-hit"
        }
        return classifier.jobFailure(action: action, stderr: stderr, properties: properties)
    }

    /// Whether systemd logged that the start limit refused a start of `unit` since `date`.
    private func startLimitRefused(_ unit: String, since date: Date) async -> Bool {
        let query = LogQuery(lines: 1, grep: Self.startLimitMessage, since: date.addingTimeInterval(-1))
        let page = try? await journal.history(of: unit, query: query)
        return !(page?.entries.isEmpty ?? true)
    }
}
