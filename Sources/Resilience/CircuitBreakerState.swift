/// Where a ``CircuitBreaker`` stands; the raw value is what the `kit.circuit_breaker.state` gauge shows.
public enum CircuitBreakerState: Int, Sendable, Hashable, CustomStringConvertible {
    /// Calls go through; outcomes are counted in the rolling window.
    case closed = 0
    /// The open timeout passed: a limited number of probe calls go through to test the dependency.
    case halfOpen = 1
    /// Calls fail fast without reaching the dependency.
    case open = 2

    /// `closed`, `half_open` or `open`.
    public var description: String {
        switch self {
        case .closed: "closed"
        case .halfOpen: "half_open"
        case .open: "open"
        }
    }
}
