/// When a ``CircuitBreaker`` trips and how it recovers.
public struct CircuitBreakerConfiguration: Sendable, Hashable {
    /// The rolling window outcomes are counted over (default 10 s).
    public var window: Duration = .seconds(10)
    /// How many buckets the window is split into (default 10: one per second of a 10 s window).
    public var buckets: Int = 10
    /// The breaker trips only when the window holds at least this many calls (default 10)...
    public var minimumCalls: Int = 10
    /// ...and at least this share of them failed (default 0.5).
    public var failureRatio: Double = 0.5
    /// How long the breaker stays open before it lets probes through (default 5 s).
    public var openTimeout: Duration = .seconds(5)
    /// How many probe calls half-open admits at once; that many successes close the breaker (default 1).
    public var probes: Int = 1

    /// The defaults: trip at >= 10 calls with >= 50% failures in 10 s, open 5 s, one probe.
    public init() {}
}
