import Foundation
import Kernel

extension SystemctlBackend {
    // MARK: - Failed jobs

    /// The error for a failed job: systemd's `Result`, `ExecMainCode`,
    /// `ExecMainStatus` and states, read with one `systemctl show` after the
    /// failure, and whether the start limit refused it (`StartLimitWitness`).
    func explainJobFailure(of unit: String, action: String, stderr: String, requestedAt: UInt64) async -> SiaxError {
        var properties: [String: String] = [:]
        if let result = try? await systemctl(SystemctlArguments.show(ErrorClassifier.failureProperties, of: [unit])),
           result.succeeded {
            properties = SystemctlShowParser.blocks(result.standardOutput).first ?? [:]
        }
        // A dependency's or an assertion's failure also leaves the unit inactive: not the start limit.
        let otherCause = ["dependency", "Assertion"].contains { stderr.contains($0) }
        let starting = (action.hasPrefix("start ") || action.hasPrefix("restart ")) && !otherCause
        let inactiveExit = properties["InactiveExitTimestampMonotonic"].flatMap(UInt64.init)
        if starting, StartLimitWitness.refused(result: properties["Result"], requestedAt: requestedAt, inactiveExit: inactiveExit) {
            properties["Result"] = "start-limit-hit"
        }
        return classifier.jobFailure(action: action, stderr: stderr, properties: properties)
    }
}
