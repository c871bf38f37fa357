import Foundation
import Kernel
import Testing

@Suite("Start-limit witness")
struct StartLimitWitnessTests {
    @Test("refused: Result says so, or the unit has not left inactive since the request")
    func refused() {
        #expect(StartLimitWitness.refused(result: "start-limit-hit", requestedAt: 100, inactiveExit: 200))
        #expect(StartLimitWitness.refused(result: "exit-code", requestedAt: 100, inactiveExit: 50))
        #expect(StartLimitWitness.refused(result: "exit-code", requestedAt: 100, inactiveExit: 0))
        #expect(!StartLimitWitness.refused(result: "exit-code", requestedAt: 100, inactiveExit: 150))
        #expect(!StartLimitWitness.refused(result: "exit-code", requestedAt: 100, inactiveExit: nil))
    }

    @Test("the clock is the one systemd's …Monotonic timestamps use: CLOCK_MONOTONIC, about /proc/uptime")
    func clock() throws {
        let uptime = try #require(Double(try String(contentsOfFile: "/proc/uptime", encoding: .utf8).split(separator: " ")[0]))
        let now = Double(StartLimitWitness.nowMicroseconds()) / 1_000_000
        #expect(abs(now - uptime) < 2, "CLOCK_MONOTONIC \(now) s, uptime \(uptime) s")
    }
}
