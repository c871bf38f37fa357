import Foundation
import Testing
@testable import SystemctlBackend

@Suite("systemd timestamps, sizes and time spans")
struct SystemdValueTests {
    @Test("unix form, with and without fraction")
    func unix() {
        #expect(SystemdTimestamp.parse("@1795933184") == Date(timeIntervalSince1970: 1_795_933_184))
        #expect(SystemdTimestamp.parse("@1795933184.5") == Date(timeIntervalSince1970: 1_795_933_184.5))
    }

    @Test("text form in UTC, with microseconds")
    func text() {
        #expect(SystemdTimestamp.parse("Sun 2026-11-29 06:19:44 UTC") == Date(timeIntervalSince1970: 1_795_933_184))
        #expect(SystemdTimestamp.parse("Sun 2026-11-29 06:19:44.250000 UTC") == Date(timeIntervalSince1970: 1_795_933_184.25))
    }

    @Test("unset values", arguments: ["", "n/a", "[not set]", "@0", "garbage", "Sun 2026-13-45"])
    func unset(_ value: String) {
        #expect(SystemdTimestamp.parse(value) == nil)
    }

    @Test("sizes are powers of 1024")
    func sizes() {
        #expect(SystemdQuantity.bytes("548.0K") == 561_152)
        #expect(SystemdQuantity.bytes("1.5M") == 1_572_864)
        #expect(SystemdQuantity.bytes("2G") == 2_147_483_648)
        #expect(SystemdQuantity.bytes("512B") == 512)
        #expect(SystemdQuantity.bytes("") == nil)
        #expect(SystemdQuantity.bytes("lots") == nil)
    }

    @Test("time spans")
    func spans() {
        #expect(SystemdQuantity.seconds("35ms") == 0.035)
        #expect(SystemdQuantity.seconds("1.234s") == 1.234)
        #expect(SystemdQuantity.seconds("1min 2.500s") == 62.5)
        #expect(SystemdQuantity.seconds("1h 2min") == 3720)
        #expect(SystemdQuantity.seconds("soon") == nil)
    }
}
