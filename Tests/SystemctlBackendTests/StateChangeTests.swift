import Foundation
import Kernel
import Testing
@testable import SystemctlBackend

@Suite("state changes")
struct StateChangeTests {
    private let running = UnitStatus(unit: "a.service", activeState: "active", subState: "running", mainPID: 10, memoryCurrent: 100)

    @Test("a unit is reported when first seen")
    func firstSeen() {
        #expect(SystemctlBackend.changes(from: [:], to: ["a.service": running], askedAt: Date()).map(\.status) == [running])
    }

    @Test("memory alone is not a change")
    func memory() {
        var later = running
        later.memoryCurrent = 200
        let last = ["a.service": SystemctlBackend.withoutNoise(running)]
        #expect(SystemctlBackend.changes(from: last, to: ["a.service": later], askedAt: Date()).isEmpty)
    }

    @Test("a new PID or state is a change")
    func change() {
        var restarted = running
        restarted.mainPID = 11
        let last = ["a.service": SystemctlBackend.withoutNoise(running)]
        #expect(SystemctlBackend.changes(from: last, to: ["a.service": restarted], askedAt: Date()).map(\.status.mainPID) == [11])
    }
}
