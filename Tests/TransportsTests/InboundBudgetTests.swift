import Testing
@testable import WebSocketStreams

@Suite("A stream client's message budget")
struct InboundBudgetTests {
    /// How many of `count` frames at `instant` the budget accepts.
    func accepted(_ budget: inout InboundBudget, _ count: Int, at instant: ContinuousClock.Instant) -> Int {
        var accepted = 0
        for _ in 0..<count where budget.spend(now: instant) { accepted += 1 }
        return accepted
    }

    @Test("a burst of 32 passes, the 33rd at once does not; 4 a second come back, never more than the burst")
    func tokenBucket() {
        let start = ContinuousClock.now
        var budget = InboundBudget(burst: 32, perSecond: 4, now: start)
        #expect(accepted(&budget, 33, at: start) == 32)
        #expect(accepted(&budget, 2, at: start + .milliseconds(250)) == 1)
        // An hour of silence refills the burst, not more.
        #expect(accepted(&budget, 100, at: start + .seconds(3600)) == 32)
    }
}
