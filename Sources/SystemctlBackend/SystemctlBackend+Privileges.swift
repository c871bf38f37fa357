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
            let result = try await systemctl(SystemctlArguments.version)
            guard result.succeeded else { throw failureOfCheck(result) }
            version = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return PrivilegeCheck(ok: false, detail: (error as? SiaxError)?.message ?? "\(error)")
        }
        if configuration.useSudo {
            return PrivilegeCheck(ok: true, detail: "sudo -n may run every systemctl and journalctl command line the agent runs; systemd \(version) answered")
        }
        if geteuid() == 0 {
            return PrivilegeCheck(ok: true, detail: "running as root; systemd \(version) answered")
        }
        return PrivilegeCheck(ok: false, detail: """
            running as \(hints.user) without use_sudo: systemd \(version) answered, but unit operations need polkit \
            permission — \(hints.polkitAdvice); reading the journal needs: \(hints.journalAdvice)
            """)
    }

    /// The sudoers drop-in that allows `user` exactly the command lines this backend runs
    /// through `sudo -n` (`SudoersRules`), for `/etc/sudoers.d/`.
    public static func sudoersDropIn(user: String, configuration: Configuration = Configuration()) -> String {
        SudoersRules.dropIn(user: user, systemctlPath: configuration.systemctlPath, journalctlPath: configuration.journalctlPath)
    }

    /// The first command line of each kind the backend runs (`SudoersRules.probes`) that
    /// `sudo -n -l` refuses, with sudo's words; nil when every one is allowed.
    private func sudoRefusal() async -> String? {
        let plain = CommandRunner(useSudo: false, timeout: configuration.operationTimeout, logger: logger)
        let probes = SudoersRules.probes(
            systemctlPath: configuration.systemctlPath, journalctlPath: configuration.journalctlPath,
            unixTimestamps: unixTimestamps.isSupported)
        for command in probes {
            let shown = "'\(command.joined(separator: " "))'"
            do {
                let result = try await plain.run(configuration.sudoPath, ["-n", "-l", "--"] + command)
                if !result.succeeded {
                    return "\(shown) (\(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)))"
                }
            } catch {
                return "\(shown) (\(error))"
            }
        }
        return nil
    }

    private func failureOfCheck(_ result: CommandResult) -> SiaxError {
        if case .error(let error) = classifier.classify(result, action: "asking systemd for its version") { return error }
        return SiaxError(.backendUnavailable, result.standardError)
    }
}
