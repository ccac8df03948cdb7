import Logging
public import Resilience

extension ServiceRuntime {
    /// The flight-recorder trigger (and `kit.flightrecorder.dumps` label) of an opening breaker.
    public static let circuitBreakerDumpTrigger = "circuit_breaker_open"

    /// A circuit breaker for `dependency` on the continuous clock, publishing `kit.circuit_breaker.state`
    /// through the runtime's metrics, logging its transitions, and dumping the flight recorder each time
    /// it opens (rate-limited like every automatic dump).
    ///
    /// ```swift
    /// let breaker = runtime.circuitBreaker(dependency: "pricing")
    /// ```
    public func circuitBreaker(
        dependency: String, configuration breakerConfiguration: CircuitBreakerConfiguration = .init()
    ) -> CircuitBreaker<ContinuousClock> {
        let recorder = flightRecorder
        return CircuitBreaker(
            dependency: dependency, configuration: breakerConfiguration, clock: ContinuousClock(), metricsFactory: metricsFactory,
            logger: Logger(label: "\(configuration.name).circuit_breaker"),
            onOpen: { _ in recorder.trigger(reason: Self.circuitBreakerDumpTrigger) }
        )
    }

    /// A retrier for `dependency` on the continuous clock, counting `kit.retries` through the runtime's metrics.
    public func retrier(dependency: String, policy: RetryPolicy = .init()) -> Retrier<ContinuousClock> {
        Retrier(
            dependency: dependency, policy: policy, clock: ContinuousClock(), metricsFactory: metricsFactory,
            logger: Logger(label: "\(configuration.name).retries")
        )
    }
}
