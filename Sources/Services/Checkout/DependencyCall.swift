import GRPCCore
import Resilience
import ServiceRuntime
import TelemetryGRPC
import Tracing

/// One synchronous dependency's calls: bounded by the request's deadline (`ServiceContext.grpcDeadline`),
/// each attempt by `attemptTimeout`, retried on transient errors, and guarded by the dependency's breaker.
struct DependencyCall: Sendable {
    let dependency: String
    let breaker: CircuitBreaker<ContinuousClock>
    let retrier: Retrier<ContinuousClock>
    let attemptTimeout: Duration

    /// Runs `body` with the call options of each attempt.
    /// - Throws: ``DependencyError``.
    func run<T: Sendable>(_ body: (CallOptions) async throws -> T) async throws -> T {
        let deadline = ServiceContext.current?.grpcDeadline
        do {
            return try await retrier.run(deadline: deadline, isTransient: GRPCRetryClassifier.isTransient) { _ in
                var options = CallOptions.defaults
                options.timeout = attemptTimeout
                if let deadline {
                    let remaining = ContinuousClock.now.duration(to: deadline)
                    guard remaining > .zero else {
                        throw DependencyError(code: .unavailable, dependency: dependency, message: "the request's deadline passed")
                    }
                    options.timeout = min(attemptTimeout, remaining)
                }
                let attemptOptions = options
                return try await breaker.run(isFailure: GRPCRetryClassifier.isDependencyFailure) { try await body(attemptOptions) }
            }
        } catch let error as DependencyError {
            throw error
        } catch let error as CircuitBreakerError {
            throw DependencyError(code: .circuitOpen, dependency: dependency, message: "circuit breaker open", cause: error)
        } catch let error as RPCError {
            let code: DependencyError.Code = GRPCRetryClassifier.isDependencyFailure(error) ? .unavailable : .rejected
            throw DependencyError(code: code, dependency: dependency, message: "\(error.code)", cause: error)
        } catch {
            throw DependencyError(code: .unavailable, dependency: dependency, message: "call failed", cause: error)
        }
    }
}
