import Foundation

/// The exact configuration that grants the agent's user what it needs, for
/// `permission_denied` messages and `checkPrivileges()`.
struct PrivilegeHints: Sendable, Equatable {
    /// The user the agent runs as.
    var user: String

    /// How to install the sudoers drop-in (`SudoersRules`) for this user.
    var sudoersDropIn: String {
        "install the drop-in that `siax-agent sudoers --user \(user)` prints as /etc/sudoers.d/siax-agent "
            + "(mode 0440, checked with `visudo -cf`)"
    }

    /// What to do when `sudo -n` refuses.
    var sudoAdvice: String {
        "\(sudoersDropIn); scripts/deploy --backend systemctl does it"
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
            + "(or run the agent as root, or set use_sudo and \(sudoersDropIn))"
    }

    /// What to do when the journal is not readable.
    var journalAdvice: String {
        "add \(user) to the systemd-journal group (`usermod -aG systemd-journal \(user)`), or set use_sudo "
            + "and \(sudoersDropIn)"
    }

    /// Hints for the user this process runs as.
    static func current() -> PrivilegeHints {
        var name = "siax"
        if let entry = getpwuid(geteuid()), let login = entry.pointee.pw_name {
            name = String(cString: login)
        }
        return PrivilegeHints(user: name)
    }
}
