import Synchronization

/// A token bucket for automatic dumps: a storm of incidents costs one comparison each.
final class TriggerGate: Sendable {
    struct State {
        var tokens: Double
        var lastRefill: ContinuousClock.Instant
    }

    let state: Mutex<State>
    let burst: Double
    let interval: Duration

    init(burst: Int, interval: Duration, now: ContinuousClock.Instant = .now) {
        self.burst = Double(max(burst, 1))
        self.interval = interval
        state = Mutex(State(tokens: Double(max(burst, 1)), lastRefill: now))
    }

    /// True when a dump may go ahead now (and takes a token).
    func admit(now: ContinuousClock.Instant = .now) -> Bool {
        let intervalSeconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return state.withLock { state in
            let elapsed = now - state.lastRefill
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if intervalSeconds > 0 {
                state.tokens = min(burst, state.tokens + seconds / intervalSeconds)
            } else {
                state.tokens = burst
            }
            state.lastRefill = now
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }
}
