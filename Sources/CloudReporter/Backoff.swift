/// Jittered exponential backoff ("equal jitter"): the n-th retry waits a random
/// time between half of and the whole of `min(cap, base × 2ⁿ⁻¹)`, so many
/// agents that lost the cloud at once do not come back in step.
struct Backoff: Sendable {
    let base: Double
    let cap: Double

    init(base: Double = 1, cap: Double = 300) {
        self.base = base
        self.cap = cap
    }

    /// Seconds to wait before retry number `attempt` (1 for the first retry).
    func delay(attempt: Int, random: Double = Double.random(in: 0...1)) -> Double {
        let ceiling = min(cap, base * Double(1 << min(max(attempt - 1, 0), 30)))
        return ceiling / 2 + ceiling / 2 * random
    }
}
