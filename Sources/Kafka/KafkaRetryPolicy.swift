/// Exponential backoff with full jitter for transient handler failures.
///
/// The delay before attempt `n + 1` is uniform in `0 ... min(maxDelay, baseDelay * 2^(n-1))`.
/// - SeeAlso: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
public struct KafkaRetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included (at least 1). Default 5.
    public var maxAttempts: Int
    /// The delay cap after the first failure. Default 100 ms.
    public var baseDelay: Duration
    /// The largest delay. Default 10 s.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay after failed attempt `attempt` (1-based), drawn with `generator`.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = min(maxDelay, baseDelay * (1 << exponent))
        let capNanoseconds = max(cap.nanoseconds, 0)
        guard capNanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...capNanoseconds, using: &generator))
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
