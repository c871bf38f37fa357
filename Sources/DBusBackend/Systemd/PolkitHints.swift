import Glibc

/// The polkit rule that lets a non-root agent manage units over D-Bus, for
/// `permission_denied` messages and `checkPrivileges()`.
struct PolkitHints: Sendable, Equatable {
    /// The user the agent runs as.
    var user: String

    /// The polkit actions the backend needs.
    static let actions = [
        "org.freedesktop.systemd1.manage-units", "org.freedesktop.systemd1.manage-unit-files",
        "org.freedesktop.systemd1.reload-daemon",
    ]

    /// The rule for `/etc/polkit-1/rules.d/50-siax-agent.rules`.
    var rule: String {
        let list = Self.actions.map { "\"\($0)\"" }.joined(separator: ", ")
        return "polkit.addRule(function(action, subject) { if (subject.user == \"\(user)\" && "
            + "[\(list)].indexOf(action.id) >= 0) { return polkit.Result.YES; } });"
    }

    /// What to do when systemd refuses.
    var advice: String {
        "write this rule to /etc/polkit-1/rules.d/50-siax-agent.rules (polkit must be installed and running): \(rule) "
            + "— or run the agent as root, or use the systemctl backend with use_sudo"
    }

    /// Hints for the user this process runs as.
    static func current() -> PolkitHints {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return PolkitHints(user: "siax") }
        return PolkitHints(user: String(cString: name))
    }
}
