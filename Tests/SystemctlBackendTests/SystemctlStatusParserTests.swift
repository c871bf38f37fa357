import Foundation
import Testing
import SystemctlBackend

@Suite("systemctl status parser")
struct SystemctlStatusParserTests {
    @Test("a running, enabled unit: Loaded, Active, Main PID, Tasks, Memory")
    func running() throws {
        let report = try #require(SystemctlStatusParser.parse(try Fixture.text("status-h3-demo.txt")))
        #expect(report.unit == "h3-demo.service")
        #expect(report.description == "H3 demo service")
        #expect(report.loadState == "loaded")
        #expect(report.unitFilePath == "/etc/systemd/system/h3-demo.service")
        #expect(report.enablement == "enabled")
        #expect(report.activeState == "active")
        #expect(report.subState == "running")
        #expect(report.since == Date(timeIntervalSince1970: 1_795_933_184))
        #expect(report.mainPID == 222)
        #expect(report.mainProcess == "sh")
        #expect(report.tasks == 2)
        #expect(report.tasksLimit == 28909)
        #expect(report.memoryBytes == 561_152)
        #expect(report.cpuSeconds == nil)
    }

    @Test("a failed unit: result and how the main process ended; journal lines are ignored")
    func failed() throws {
        let report = try #require(SystemctlStatusParser.parse(try Fixture.text("status-h3-fail.txt")))
        #expect(report.activeState == "failed")
        #expect(report.subState == nil)
        #expect(report.result == "exit-code")
        #expect(report.enablement == "static")
        #expect(report.mainPID == 248)
        #expect(report.mainProcess == "code=exited, status=3")
        #expect(report.tasks == nil)
    }

    @Test("auto-restart, and a unit without description")
    func autoRestart() throws {
        let report = try #require(SystemctlStatusParser.parse(try Fixture.text("status-h3-restarting.txt")))
        #expect(report.unit == "h3-restarting.service")
        #expect(report.description == nil)
        #expect(report.activeState == "activating")
        #expect(report.subState == "auto-restart")
        #expect(report.result == "exit-code")
        #expect(report.mainProcess == "code=exited, status=1/FAILURE")
    }

    @Test("memory with a limit, tasks limit")
    func limits() throws {
        let report = try #require(SystemctlStatusParser.parse(try Fixture.text("status-h3-busy.txt")))
        #expect(report.memoryBytes == 438_272)
        #expect(report.tasksLimit == 50)
    }

    @Test("CPU line")
    func cpu() throws {
        let text = "● a.service\n     Active: active (running) since Sun 2026-11-29 06:19:44 UTC; 1s ago\n        CPU: 1min 2.500s\n"
        #expect(SystemctlStatusParser.parse(text)?.cpuSeconds == 62.5)
    }

    @Test("an unknown unit has no status block")
    func unknown() throws {
        #expect(SystemctlStatusParser.parse(try Fixture.text("status-nosuch.txt")) == nil)
        #expect(SystemctlStatusParser.parse("") == nil)
    }
}
