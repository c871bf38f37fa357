import Kernel
import Testing
@testable import SystemctlBackend

@Suite("error classifier on real stderr")
struct ErrorClassifierTests {
    let classifier = ErrorClassifier(hints: PrivilegeHints(user: "siax"))

    private func verdict(_ fixture: String, exit code: Int32 = 1) throws -> ErrorClassifier.Verdict {
        let result = CommandResult(command: ["systemctl"], termination: .exited(code), standardError: try Fixture.text(fixture))
        return classifier.classify(result, action: "start of x.service")
    }

    private func error(_ fixture: String) throws -> SiaxError {
        guard case .error(let error) = try verdict(fixture) else {
            Issue.record("\(fixture) was classified as a job failure")
            return SiaxError(.internal, "")
        }
        return error
    }

    @Test("unit not found / not loaded / no unit file", arguments: [
        "stderr-start-not-found.txt", "stderr-stop-not-loaded.txt", "stderr-restart-not-found.txt",
        "stderr-enable-not-found.txt", "stderr-disable-not-found.txt", "stderr-reset-failed-not-loaded.txt",
        "stderr-invalid-name.txt",
    ])
    func notFound(_ fixture: String) throws {
        #expect(try error(fixture).code == .notFound)
    }

    @Test("polkit refusals name the exact rule to add", arguments: [
        "stderr-start-as-nobody.txt", "stderr-stop-as-nobody.txt", "stderr-daemon-reload-as-nobody.txt",
        "stderr-enable-as-nobody.txt",
    ])
    func polkit(_ fixture: String) throws {
        let error = try error(fixture)
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("/etc/polkit-1/rules.d/50-siax-agent.rules"))
        #expect(error.message.contains(#"subject.user == "siax""#))
        #expect(error.message.contains("org.freedesktop.systemd1.manage-units"))
    }

    @Test("sudo refusals say how to install the sudoers drop-in", arguments: [
        "sudo: a password is required",
        "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper",
        "Sorry, user siax is not allowed to execute '/usr/bin/systemctl start x.service' as root on web1.",
        "siax is not in the sudoers file.  This incident will be reported.",
    ])
    func sudo(_ text: String) {
        let result = CommandResult(command: ["sudo"], termination: .exited(1), standardError: text)
        guard case .error(let error) = classifier.classify(result, action: "start of x.service") else {
            Issue.record("not an error")
            return
        }
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("siax-agent sudoers --user siax"))
        #expect(error.message.contains("/etc/sudoers.d/siax-agent"))
    }

    @Test("no systemd, or no bus: backend unavailable", arguments: ["stderr-not-booted.txt", "stderr-user-bus.txt"])
    func unavailable(_ fixture: String) throws {
        #expect(try error(fixture).code == .backendUnavailable)
    }

    @Test("journal not readable: permission denied with the group to join")
    func journal() throws {
        let error = try error("stderr-journal-as-nobody.txt")
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("usermod -aG systemd-journal siax"))
    }

    @Test("a bad cursor is the caller's fault")
    func cursor() throws {
        let error = try error("stderr-journal-bad-cursor.txt")
        #expect(error.code == .badRequest)
        #expect(error.field == "cursor")
    }

    @Test("a failed job asks for the unit's state", arguments: [
        "stderr-start-exit-3.txt", "stderr-start-bad-exec.txt", "stderr-start-after-limit.txt",
    ])
    func jobFailed(_ fixture: String) throws {
        #expect(try verdict(fixture) == .jobFailed)
    }

    @Test("a failed job's message carries systemd's reason")
    func jobMessage() throws {
        let error = classifier.jobFailure(
            action: "start of shop-api.service", stderr: try Fixture.text("stderr-start-exit-3.txt"),
            properties: ["Result": "exit-code", "ExecMainCode": "1", "ExecMainStatus": "3", "ActiveState": "failed", "SubState": "failed"])
        #expect(error.code == .operationFailed)
        #expect(error.message.hasPrefix("start of shop-api.service failed: Result=exit-code, ExecMainStatus=3 (exited), state failed/failed"))
        #expect(error.message.contains("control process exited with error code"))
    }

    @Test("start-limit-hit explains the cause and the way out")
    func startLimit() throws {
        let error = classifier.jobFailure(
            action: "start of shop-api.service", stderr: try Fixture.text("stderr-start-after-limit.txt"),
            properties: ["Result": "start-limit-hit", "StartLimitBurst": "3", "StartLimitIntervalUSec": "30s"])
        #expect(error.code == .operationFailed)
        #expect(error.message.contains("Result=start-limit-hit"))
        #expect(error.message.contains("more than 3 starts within 30s"))
        #expect(error.message.contains("systemctl reset-failed shop-api.service"))
        #expect(error.message.contains("wait"))
    }

    @Test("anything else is an operation failure quoting the tool")
    func other() {
        let result = CommandResult(command: ["systemctl"], termination: .exited(1), standardError: "Something odd happened.\n")
        #expect(classifier.classify(result, action: "start of x.service")
            == .error(SiaxError(.operationFailed, "start of x.service failed (exit 1): Something odd happened.")))
    }
}
