public import CoreMetrics
public import Logging

/// Retries a dependency's calls that failed transiently, with ``RetryPolicy``'s backoff, never past the
/// caller's deadline, and counts every retry in `kit.retries{dependency, outcome}` (`outcome` is how the
/// retried attempt ended: `success` or `failure`).
///
/// ```swift
/// let retrier = Retrier(dependency: "pricing", clock: ContinuousClock())
/// let prices = try await retrier.run(deadline: deadline, isTransient: GRPCRetryClassifier.isTransient) {
///     try await pricing.getPrices(request)
/// }
/// ```
public struct Retrier<C: Clock>: Sendable where C.Duration == Duration {
    /// The counter of retries.
    public static var retriesMetric: String { "kit.retries" }

    /// The dependency called (the `dependency` label).
    public let dependency: String
    /// The backoff and attempt limit.
    public let policy: RetryPolicy
    let clock: C
    let random: @Sendable () -> Double
    let succeeded: Counter
    let failed: Counter
    let logger: Logger

    /// Creates a retrier.
    /// - Parameters:
    ///   - dependency: The dependency's name (bounded: a service name).
    ///   - policy: The backoff and attempt limit.
    ///   - clock: Where time and sleeping come from.
    ///   - metricsFactory: Where `kit.retries` goes; defaults to the bootstrapped factory.
    ///   - logger: Where retries are logged (at debug).
    ///   - random: A random number in `0..<1` per backoff (tests pin it).
    public init(
        dependency: String,
        policy: RetryPolicy = .init(),
        clock: C,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "kit.retries"),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.dependency = dependency
        self.policy = policy
        self.clock = clock
        self.random = random
        succeeded = Counter(label: Self.retriesMetric, dimensions: [("dependency", dependency), ("outcome", "success")], factory: metricsFactory)
        failed = Counter(label: Self.retriesMetric, dimensions: [("dependency", dependency), ("outcome", "failure")], factory: metricsFactory)
        self.logger = logger
    }

    /// Runs `attempt` until it succeeds, fails with an error `isTransient` rejects, the policy's attempts
    /// are spent, or the next backoff would end at or after `deadline`; then throws the last error.
    /// - Parameter attempt: Called with the attempt number (1 for the first call).
    public func run<T: Sendable>(
        deadline: C.Instant? = nil,
        isTransient: (any Error) -> Bool,
        _ attempt: (Int) async throws -> T
    ) async throws -> T {
        var number = 1
        while true {
            do {
                let value = try await attempt(number)
                if number > 1 { succeeded.increment() }
                return value
            } catch {
                if number > 1 { failed.increment() }
                guard number < policy.maximumAttempts, isTransient(error), !Task.isCancelled else { throw error }
                let wait = policy.backoff(beforeRetry: number, unit: random())
                let now = clock.now
                if let deadline, now.advanced(by: wait) >= deadline { throw error }
                logger.debug(
                    "retrying",
                    metadata: ["dependency": .string(dependency), "retry.attempt": .stringConvertible(number + 1), "error": .string("\(error)")]
                )
                try await clock.sleep(until: now.advanced(by: wait), tolerance: nil)
                number += 1
            }
        }
    }
}
