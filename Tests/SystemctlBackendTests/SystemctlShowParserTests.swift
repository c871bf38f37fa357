import Foundation
import Kernel
import Testing
@testable import SystemctlBackend

@Suite("systemctl show parser")
struct SystemctlShowParserTests {
    @Test("one block per unit, in request order, with unix timestamps")
    func unixBlocks() throws {
        let statuses = SystemctlShowParser.blocks(try Fixture.text("show-unix.txt")).map(SystemctlShowParser.unitStatus)
        #expect(statuses.map(\.unit) == ["h3-demo.service", "h3-fail.service", "nosuch.service", "h3-limit.service"])

        let demo = statuses[0]
        #expect(demo.loadState == "loaded")
        #expect(demo.activeState == "active")
        #expect(demo.subState == "running")
        #expect(demo.unitFileState == "enabled")
        #expect(demo.mainPID == 222)
        #expect(demo.memoryCurrent == 692_224)
        #expect(demo.since == Date(timeIntervalSince1970: 1_795_933_184))
        #expect(demo.execMainStatus == nil)
        #expect(demo.execMainCode == nil)
    }

    @Test("a unit that exited 3: MainPID 0 is nil, [not set] memory is nil, exit status and code")
    func failedUnit() throws {
        let fail = SystemctlShowParser.blocks(try Fixture.text("show-unix.txt")).map(SystemctlShowParser.unitStatus)[1]
        #expect(fail.activeState == "failed")
        #expect(fail.result == "exit-code")
        #expect(fail.mainPID == nil)
        #expect(fail.memoryCurrent == nil)
        #expect(fail.execMainStatus == 3)
        #expect(fail.execMainCode == "exited")
        #expect(fail.since == Date(timeIntervalSince1970: 1_795_933_187))
    }

    @Test("an unknown unit is not-found with empty timestamps")
    func unknownUnit() throws {
        let missing = SystemctlShowParser.blocks(try Fixture.text("show-unix.txt")).map(SystemctlShowParser.unitStatus)[2]
        #expect(missing.loadState == "not-found")
        #expect(!missing.isLoaded)
        #expect(missing.since == nil)
        #expect(missing.unitFileState == "")
    }

    @Test("text timestamps parse to the same dates as unix ones")
    func prettyTimestamps() throws {
        let pretty = SystemctlShowParser.blocks(try Fixture.text("show-pretty.txt")).map(SystemctlShowParser.unitStatus)
        let unix = SystemctlShowParser.blocks(try Fixture.text("show-unix.txt")).map(SystemctlShowParser.unitStatus)
        #expect(pretty.count == 3)
        #expect(pretty.map(\.since) == unix.prefix(3).map(\.since))
        #expect(pretty[0].since != nil)
    }

    @Test("auto-restart and restart counter")
    func restarting() throws {
        let statuses = SystemctlShowParser.blocks(try Fixture.text("show-unix-restarting.txt")).map(SystemctlShowParser.unitStatus)
        #expect(statuses[0].activeState == "activating")
        #expect(statuses[0].subState == "auto-restart")
        #expect(statuses[0].execMainStatus == 1)
        #expect(statuses[1].restarts == 3)
        #expect(statuses[1].execMainStatus == 2)
        #expect(statuses[2].mainPID == 382)
    }

    @Test("values may contain '=', and odd values become nil")
    func oddValues() {
        let text = "Id=a.service\nDescription=x=y=z\nMemoryCurrent=infinity\nMainPID=0\nExecMainCode=2\nExecMainStatus=9\nNRestarts=n/a\n"
        let blocks = SystemctlShowParser.blocks(text)
        #expect(blocks == [["Id": "a.service", "Description": "x=y=z", "MemoryCurrent": "infinity", "MainPID": "0",
                            "ExecMainCode": "2", "ExecMainStatus": "9", "NRestarts": "n/a"]])
        let status = SystemctlShowParser.unitStatus(blocks[0])
        #expect(status.memoryCurrent == nil)
        #expect(status.mainPID == nil)
        #expect(status.restarts == 0)
        #expect(status.execMainCode == "killed")
        #expect(status.execMainStatus == 9)
    }

    @Test("18446744073709551615 (UINT64_MAX) memory is nil")
    func maxMemory() {
        let status = SystemctlShowParser.unitStatus(["Id": "a.service", "MemoryCurrent": "18446744073709551615"])
        #expect(status.memoryCurrent == nil)
    }
}
