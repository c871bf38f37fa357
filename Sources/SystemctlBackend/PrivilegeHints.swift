import Foundation

/// The exact configuration that grants the agent's user what it needs, for
/// `permission_denied` messages and `checkPrivileges()`.
struct PrivilegeHints: Sendable, Equatable {
    /// The user the agent runs as.
    var user: String
    /// The `systemctl` binary the agent runs.
    var systemctlPath: String
    /// The `journalctl` binary the agent runs.
    var journalctlPath: String

    /// The line for `/etc/sudoers.d/siax-agent`.
    var sudoersLine: String {
        "\(user) ALL=(root) NOPASSWD: \(systemctlPath), \(journalctlPath)"
    }

    /// What to do when `sudo -n` refuses.
    var sudoAdvice: String {
        "add this line with `visudo -f /etc/sudoers.d/siax-agent`: \(sudoersLine)"
    }

    /// The rule for `/etc/polkit-1/rules.d/50-siax-agent.rules`.
    var polkitRule: String {
        """
        polkit.addRule(function(action, subject) { if (subject.user == "\(user)" && \
        ["org.freedesktop.systemd1.manage-units", "org.freedesktop.systemd1.manage-unit-files", \
        "org.freedesktop.systemd1.reload-daemon"].indexOf(action.id) >= 0) { return polkit.Result.YES; } });
        """
    }

    /// What to do when polkit refuses.
    var polkitAdvice: String {
        "write this rule to /etc/polkit-1/rules.d/50-siax-agent.rules: \(polkitRule) "
            + "(or run the agent as root, or set use_sudo and allow it in sudoers: \(sudoersLine))"
    }

    /// What to do when the journal is not readable.
    var journalAdvice: String {
        "add \(user) to the systemd-journal group (`usermod -aG systemd-journal \(user)`), or set use_sudo "
            + "and allow it in sudoers: \(sudoersLine)"
    }

    /// Hints for the user this process runs as.
    static func current(systemctlPath: String, journalctlPath: String) -> PrivilegeHints {
        var name = "siax"
        if let entry = getpwuid(geteuid()), let login = entry.pointee.pw_name {
            name = String(cString: login)
        }
        return PrivilegeHints(user: name, systemctlPath: systemctlPath, journalctlPath: journalctlPath)
    }
}
