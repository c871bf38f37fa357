import Foundation
import Glibc
import Kernel

/// Whether this process can read the system journal. sd-journal itself does
/// not fail for an unprivileged reader: it silently shows only the reader's
/// own entries, so the files are checked up front.
enum JournalAccess {
    /// Throws `permission_denied` with what to configure when no system journal file is readable.
    static func check() throws {
        guard geteuid() != 0 else { return }
        let machineID = (try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let files = ["/var/log/journal", "/run/log/journal"].map { "\($0)/\(machineID)/system.journal" }
        let existing = files.filter { access($0, F_OK) == 0 }
        guard !existing.isEmpty, !existing.contains(where: { access($0, R_OK) == 0 }) else { return }
        let user = PolkitHints.current().user
        throw SiaxError(.permissionDenied, """
            the journal is not readable by user \(user) (\(existing.joined(separator: ", "))): add it to the \
            systemd-journal group (`usermod -aG systemd-journal \(user)`) and restart the agent
            """)
    }
}
