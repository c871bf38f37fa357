/// How many data frames a stream client may send. The streams are one-way (the agent
/// talks, the client listens; pings and pongs are not data frames), so a client that keeps
/// sending is misbehaving or flooding: a token bucket of `burst` frames, refilled at
/// `perSecond`, tells the pump when to close the stream (1008, policy violation) instead
/// of reading and discarding without end on the event loop.
struct InboundBudget {
    /// Frames accepted at once.
    let burst: Double
    /// Frames regained per second.
    let perSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(burst: Int = 32, perSecond: Double = 4, now: ContinuousClock.Instant = .now) {
        self.burst = Double(burst)
        self.perSecond = perSecond
        tokens = Double(burst)
        last = now
    }

    /// Spends one frame's token; false when the client is over its budget.
    mutating func spend(now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * perSecond)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// The close reason sent to a client over its budget.
    var closeReason: String { "the stream accepts no messages (more than \(Int(burst)) sent)" }
}
