import Kernel
import Testing

@Suite("UnitCPURates: a unit's CPU time between two reads as a percentage of one core")
struct UnitCPURatesTests {
    @Test("nil on the first read; then the time used over the time elapsed")
    func rate() {
        let rates = UnitCPURates()
        #expect(rates.percent(unit: "a.service", nanoseconds: 5_000_000_000, at: 100) == nil)
        #expect(rates.percent(unit: "a.service", nanoseconds: 6_000_000_000, at: 102) == 50)
        #expect(rates.percent(unit: "a.service", nanoseconds: 10_000_000_000, at: 104) == 200)
        #expect(rates.percent(unit: "b.service", nanoseconds: 1, at: 104) == nil)
    }

    @Test("a read sooner than minimumInterval repeats the last percentage and keeps the baseline")
    func tooSoon() {
        let rates = UnitCPURates()
        #expect(rates.percent(unit: "a.service", nanoseconds: 0, at: 10) == nil)
        #expect(rates.percent(unit: "a.service", nanoseconds: 100_000_000, at: 10.5) == nil)
        #expect(rates.percent(unit: "a.service", nanoseconds: 1_000_000_000, at: 12) == 50)
        #expect(rates.percent(unit: "a.service", nanoseconds: 1_900_000_000, at: 12.1) == 50)
        #expect(rates.percent(unit: "a.service", nanoseconds: 2_000_000_000, at: 14) == 50)
    }

    @Test("a new cgroup (time gone backwards) or a forgotten unit starts again from nil")
    func restart() {
        let rates = UnitCPURates()
        _ = rates.percent(unit: "a.service", nanoseconds: 9_000_000_000, at: 10)
        #expect(rates.percent(unit: "a.service", nanoseconds: 1_000_000, at: 12) == nil)
        #expect(rates.percent(unit: "a.service", nanoseconds: 1_001_000_000, at: 14) == 50)
        rates.forget("a.service")
        #expect(rates.percent(unit: "a.service", nanoseconds: 3_000_000_000, at: 16) == nil)
    }
}
