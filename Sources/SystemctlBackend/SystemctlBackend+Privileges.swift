import Foundation
import Kernel

extension SystemctlBackend {
    // MARK: - Privileges

    /// Whether this process may act on systemd and read the journal, and if
    /// not, the exact sudoers line or polkit rule to add.
    public func checkPrivileges() async -> PrivilegeCheck {
        let hints = classifier.hints
        if configuration.useSudo, let refusal = await sudoRefusal() {
            return PrivilegeCheck(ok: false, detail: "sudo -n refuses \(refusal) for \(hints.user); \(hints.sudoAdvice)")
        }
        let version: String
        do {
            let result = try await systemctl(["show", "-p", "Version", "--value"])
            guard result.succeeded else { throw failureOfCheck(result) }
            version = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return PrivilegeCheck(ok: false, detail: (error as? SiaxError)?.message ?? "\(error)")
        }
        if configuration.useSudo {
            return PrivilegeCheck(ok: true, detail: "sudo -n may run \(configuration.systemctlPath) and \(configuration.journalctlPath); systemd \(version) answered")
        }
        if geteuid() == 0 {
            return PrivilegeCheck(ok: true, detail: "running as root; systemd \(version) answered")
        }
        return PrivilegeCheck(ok: false, detail: """
            running as \(hints.user) without use_sudo: systemd \(version) answered, but unit operations need polkit \
            permission — \(hints.polkitAdvice); reading the journal needs: \(hints.journalAdvice)
            """)
    }

    /// The first binary `sudo -n -l` refuses, with sudo's words; nil when both are allowed.
    private func sudoRefusal() async -> String? {
        let plain = CommandRunner(useSudo: false, timeout: configuration.operationTimeout, logger: logger)
        for path in [configuration.systemctlPath, configuration.journalctlPath] {
            do {
                let result = try await plain.run(configuration.sudoPath, ["-n", "-l", path])
                if !result.succeeded {
                    return "\(path) (\(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)))"
                }
            } catch {
                return "\(path) (\(error))"
            }
        }
        return nil
    }

    private func failureOfCheck(_ result: CommandResult) -> SiaxError {
        if case .error(let error) = classifier.classify(result, action: "asking systemd for its version") { return error }
        return SiaxError(.backendUnavailable, result.standardError)
    }
}
