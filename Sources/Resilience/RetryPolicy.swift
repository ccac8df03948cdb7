/// How often and how far apart a failed call is retried: exponential backoff with full jitter.
///
/// The n-th retry waits a random time in `0 ... min(maximumBackoff, initialBackoff × multiplier^(n-1))`
/// ("full jitter", so callers that failed together do not retry together).
///
/// - SeeAlso: https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (default 3).
    public var maximumAttempts: Int = 3
    /// The backoff ceiling before the first retry (default 25 ms).
    public var initialBackoff: Duration = .milliseconds(25)
    /// The largest backoff ceiling (default 1 s).
    public var maximumBackoff: Duration = .seconds(1)
    /// How much the ceiling grows per retry (default 2).
    public var multiplier: Double = 2

    /// The defaults: 3 attempts, 25 ms doubling up to 1 s.
    public init() {}

    /// A policy that never retries.
    public static var none: RetryPolicy {
        var policy = RetryPolicy()
        policy.maximumAttempts = 1
        return policy
    }

    /// The backoff ceiling before retry number `retry` (1 for the first retry).
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let initial = Double(initialBackoff.nanoseconds)
        let grown = initial * power(multiplier, max(retry - 1, 0))
        let capped = min(grown, Double(maximumBackoff.nanoseconds))
        return .nanoseconds(Int64(max(capped, 0)))
    }

    /// The wait before retry number `retry`, `unit` being a random number in `0..<1`.
    public func backoff(beforeRetry retry: Int, unit: Double) -> Duration {
        let ceiling = Double(ceiling(beforeRetry: retry).nanoseconds)
        return .nanoseconds(Int64(ceiling * min(max(unit, 0), 1)))
    }
}

/// `base` to the power `exponent` for whole non-negative exponents (no Foundation).
func power(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    var remaining = exponent
    while remaining > 0 {
        result *= base
        remaining -= 1
    }
    return result
}
