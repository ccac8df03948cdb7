public import CoreMetrics
public import Logging
import Synchronization

/// A circuit breaker for one dependency: it counts call outcomes over a rolling window, opens when the
/// window holds at least ``CircuitBreakerConfiguration/minimumCalls`` calls of which at least
/// ``CircuitBreakerConfiguration/failureRatio`` failed, refuses calls while open, and after
/// ``CircuitBreakerConfiguration/openTimeout`` lets ``CircuitBreakerConfiguration/probes`` probe calls
/// through (half-open): their success closes it, a failure opens it again.
///
/// Time comes from the injected clock (tests pass a manual one and never sleep). The state is the gauge
/// `kit.circuit_breaker.state{dependency}` (0 closed, 1 half-open, 2 open); each transition is logged,
/// and `onOpen` runs when it opens (the service runtime dumps the flight recorder).
///
/// ```swift
/// let breaker = CircuitBreaker(dependency: "pricing", clock: ContinuousClock())
/// let prices = try await breaker.run(isFailure: { GRPCRetryClassifier.isDependencyFailure($0) }) {
///     try await pricing.getPrices(request)
/// }
/// ```
///
/// - SeeAlso: https://martinfowler.com/bliki/CircuitBreaker.html
public final class CircuitBreaker<C: Clock>: Sendable where C.Duration == Duration {
    /// The right to make one call, returned by ``acquire()``; give it back with ``record(_:_:)``.
    public struct Permit: Sendable {
        let generation: UInt64
        let isProbe: Bool
    }

    /// How a call through the breaker ended.
    public enum Outcome: Sendable, Hashable {
        /// The dependency answered (an answer the caller dislikes, e.g. not found, is still a success).
        case success
        /// The dependency failed (unavailable, timed out, overloaded).
        case failure
        /// Neither: the caller gave up (cancelled); the call is not counted.
        case ignored
    }

    struct State {
        var current: CircuitBreakerState = .closed
        var generation: UInt64 = 0
        var window: RollingWindow
        var openedAt: C.Instant?
        var probesInFlight = 0
        var probeSuccesses = 0
    }

    /// The metric holding the state of each dependency's breaker.
    public static var stateMetric: String { "kit.circuit_breaker.state" }

    /// The dependency this breaker guards (the `dependency` label).
    public let dependency: String
    /// Its thresholds.
    public let configuration: CircuitBreakerConfiguration
    let clock: C
    let origin: C.Instant
    let bucketNanos: Int64
    let state: Mutex<State>
    let gauge: Gauge
    let logger: Logger
    let onOpen: @Sendable (String) -> Void

    /// Creates a closed breaker.
    /// - Parameters:
    ///   - dependency: The guarded dependency's name (bounded: a service name, never an address).
    ///   - configuration: When it trips and recovers.
    ///   - clock: Where time comes from.
    ///   - metricsFactory: Where the state gauge goes; defaults to the bootstrapped factory.
    ///   - logger: Where transitions are logged.
    ///   - onOpen: Called with the dependency's name each time the breaker opens (outside its lock).
    public init(
        dependency: String,
        configuration: CircuitBreakerConfiguration = .init(),
        clock: C,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "kit.circuit_breaker"),
        onOpen: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.dependency = dependency
        self.configuration = configuration
        self.clock = clock
        origin = clock.now
        let width = configuration.window / max(configuration.buckets, 1)
        bucketNanos = max(1, width.nanoseconds)
        state = Mutex(State(window: RollingWindow(buckets: configuration.buckets)))
        gauge = Gauge(label: Self.stateMetric, dimensions: [("dependency", dependency)], factory: metricsFactory)
        self.logger = logger
        self.onOpen = onOpen
        gauge.record(CircuitBreakerState.closed.rawValue)
    }

    /// The current state (an open breaker whose timeout passed reports half-open).
    public var currentState: CircuitBreakerState {
        let now = clock.now
        return state.withLock { state in
            if state.current == .open, let openedAt = state.openedAt, openedAt.advanced(by: configuration.openTimeout) <= now {
                return .halfOpen
            }
            return state.current
        }
    }

    /// Asks to make one call.
    /// - Throws: ``CircuitBreakerError`` when the breaker is open, or half-open with all probes in flight.
    public func acquire() throws(CircuitBreakerError) -> Permit {
        let now = clock.now
        var transition: (CircuitBreakerState, CircuitBreakerState)?
        let result: Result<Permit, CircuitBreakerError> = state.withLock { state in
            if state.current == .open {
                guard let openedAt = state.openedAt, openedAt.advanced(by: configuration.openTimeout) <= now else {
                    return .failure(CircuitBreakerError(code: .open, dependency: dependency, message: "calls fail fast until the open timeout passes"))
                }
                transition = (.open, .halfOpen)
                state.current = .halfOpen
                state.generation &+= 1
                state.probesInFlight = 0
                state.probeSuccesses = 0
            }
            switch state.current {
            case .closed:
                return .success(Permit(generation: state.generation, isProbe: false))
            case .halfOpen:
                guard state.probesInFlight < max(configuration.probes, 1) else {
                    return .failure(CircuitBreakerError(code: .probesInFlight, dependency: dependency, message: "half-open: every probe is in flight"))
                }
                state.probesInFlight += 1
                return .success(Permit(generation: state.generation, isProbe: true))
            case .open:
                preconditionFailure("left above")
            }
        }
        if let transition { announce(from: transition.0, to: transition.1, calls: 0, failures: 0) }
        return try result.get()
    }

    /// Records how the call made with `permit` ended; outcomes of calls admitted before the last
    /// transition are not counted.
    public func record(_ permit: Permit, _ outcome: Outcome) {
        let bucket = clock.now.nanoseconds(since: origin) / bucketNanos
        let configuration = configuration
        var transition: (from: CircuitBreakerState, to: CircuitBreakerState, calls: Int, failures: Int)?
        state.withLock { state in
            guard permit.generation == state.generation else { return }
            switch state.current {
            case .closed:
                guard outcome != .ignored else { return }
                state.window.record(failure: outcome == .failure, bucket: bucket)
                // Evaluated after every outcome (as resilience4j does): the 10th call may complete the quorum.
                let totals = state.window.totals(bucket: bucket)
                guard totals.calls >= configuration.minimumCalls,
                    Double(totals.failures) >= Double(totals.calls) * configuration.failureRatio
                else { return }
                transition = (.closed, .open, totals.calls, totals.failures)
                state.open(at: clock.now)
            case .halfOpen:
                guard permit.isProbe else { return }
                state.probesInFlight -= 1
                switch outcome {
                case .ignored:
                    return
                case .failure:
                    transition = (.halfOpen, .open, state.probeSuccesses + 1, 1)
                    state.open(at: clock.now)
                case .success:
                    state.probeSuccesses += 1
                    guard state.probeSuccesses >= max(configuration.probes, 1) else { return }
                    transition = (.halfOpen, .closed, state.probeSuccesses, 0)
                    state.current = .closed
                    state.generation &+= 1
                    state.window.reset()
                }
            case .open:
                return
            }
        }
        if let transition { announce(from: transition.from, to: transition.to, calls: transition.calls, failures: transition.failures) }
    }

    /// Runs `body` through the breaker: refused when open, its outcome recorded (a thrown error counts
    /// as a failure when `isFailure` says so; `CancellationError` is not counted).
    public func run<T: Sendable>(
        isFailure: (any Error) -> Bool,
        _ body: () async throws -> T
    ) async throws -> T {
        let permit = try acquire()
        do {
            let value = try await body()
            record(permit, .success)
            return value
        } catch {
            record(permit, error is CancellationError ? .ignored : (isFailure(error) ? .failure : .success))
            throw error
        }
    }

    private func announce(from: CircuitBreakerState, to: CircuitBreakerState, calls: Int, failures: Int) {
        gauge.record(to.rawValue)
        logger.log(
            level: to == .open ? .warning : .info,
            "circuit breaker \(to)",
            metadata: [
                "dependency": .string(dependency), "circuit_breaker.from": .string(from.description),
                "circuit_breaker.to": .string(to.description), "circuit_breaker.window.calls": .stringConvertible(calls),
                "circuit_breaker.window.failures": .stringConvertible(failures),
            ]
        )
        if to == .open { onOpen(dependency) }
    }
}

extension CircuitBreaker.State {
    mutating func open(at now: C.Instant) {
        current = .open
        generation &+= 1
        openedAt = now
        probesInFlight = 0
        probeSuccesses = 0
        window.reset()
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return product &+ attoseconds / 1_000_000_000
    }
}

extension InstantProtocol where Duration == Swift.Duration {
    /// Whole nanoseconds from `origin` to this instant.
    func nanoseconds(since origin: Self) -> Int64 {
        origin.duration(to: self).nanoseconds
    }
}
