import Kernel
import Logging
import Testing
@testable import SystemctlBackend

@Suite("command runner")
struct CommandRunnerTests {
    let runner = CommandRunner(timeout: .seconds(10), outputLimit: 64, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

    @Test("a non-zero exit is a result, with stdout and stderr")
    func nonZeroExit() async throws {
        let result = try await runner.run("/bin/ls", ["/nonexistent-h3"])
        #expect(result.exitCode == 2)
        #expect(!result.succeeded)
        #expect(result.standardError.contains("No such file"))
        let echo = try await runner.run("/bin/echo", ["a b", "$HOME"])
        #expect(echo.succeeded)
        #expect(echo.standardOutput == "a b $HOME\n")
    }

    @Test("output past the limit is dropped, not an error")
    func bounded() async throws {
        let result = try await runner.run("/usr/bin/seq", ["1", "10000"])
        #expect(result.succeeded)
        #expect(result.truncated)
        #expect(result.standardOutput.utf8.count == 64)
    }

    @Test("a command past its time limit is killed and reported as timeout")
    func timeout() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await runner.run("/bin/sleep", ["300"], timeout: .milliseconds(300))
        } throws: { ($0 as? SiaxError)?.code == .timeout }
        // Killed at its limit, not waited for: far less than the command's 300 s, even on a loaded machine.
        #expect(clock.now - start < .seconds(60))
    }

    @Test("a missing binary is backend unavailable")
    func missing() async throws {
        await #expect {
            _ = try await runner.run("/nonexistent/systemctl", [])
        } throws: { ($0 as? SiaxError)?.code == .backendUnavailable }
    }

    @Test("streamed lines arrive in order; returning false stops the command")
    func stream() async throws {
        var lines: [String] = []
        let result = try await runner.streamLines("/usr/bin/seq", ["1", "1000000000"], timeout: .seconds(10)) {
            lines.append(String(decoding: $0, as: UTF8.self))
            return lines.count < 5
        }
        #expect(lines == ["1", "2", "3", "4", "5"])
        #expect(result.termination == .signaled(15))
    }

    @Test("sudo prefix")
    func sudo() {
        var sudo = runner
        sudo.useSudo = true
        #expect(sudo.commandLine("/usr/bin/systemctl", ["start", "--", "x.service"])
            == ["/usr/bin/sudo", "-n", "--", "/usr/bin/systemctl", "start", "--", "x.service"])
        #expect(runner.commandLine("/usr/bin/systemctl", ["daemon-reload"]) == ["/usr/bin/systemctl", "daemon-reload"])
    }

    @Test("lines split across chunks; overlong lines dropped")
    func splitter() {
        var splitter = LineSplitter(maxLineLength: 5)
        func feed(_ text: String) -> [String] {
            Array(text.utf8).withUnsafeBytes { splitter.feed($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(feed("ab") == [])
        #expect(feed("c\nde\n123456789\nxy") == ["abc", "de"])
        #expect(splitter.droppedLines == 1)
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "xy")
    }
}
