import GRPCCore
public import Resilience

/// Which gRPC failures are worth a retry and which count against a dependency's circuit breaker.
///
/// Transient (retried): `UNAVAILABLE`, `RESOURCE_EXHAUSTED`, `ABORTED`, and `DEADLINE_EXCEEDED` (the
/// ``Retrier`` never retries past the caller's deadline, so a timed-out attempt is retried only while
/// time remains). Never retried: the caller's mistakes (`INVALID_ARGUMENT`, `NOT_FOUND`,
/// `FAILED_PRECONDITION`, `PERMISSION_DENIED`, ...), and an open breaker.
///
/// - SeeAlso: https://grpc.github.io/grpc/core/md_doc_statuscodes.html
public enum GRPCRetryClassifier {
    /// Whether `error` is a transient gRPC failure.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? RPCError else { return false }
        switch error.code {
        case .unavailable, .resourceExhausted, .aborted, .deadlineExceeded: return true
        default: return false
        }
    }

    /// Whether `error` says the dependency is unhealthy (counts as a breaker failure): the transient
    /// codes plus `INTERNAL`, `UNKNOWN` and `DATA_LOSS`. A caller's mistake is the dependency's success.
    public static func isDependencyFailure(_ error: any Error) -> Bool {
        if isTransient(error) { return true }
        guard let error = error as? RPCError else { return !(error is CircuitBreakerError) }
        switch error.code {
        case .internalError, .unknown, .dataLoss, .unimplemented: return true
        default: return false
        }
    }

    /// How an attempt's `error` counts in the dependency's breaker. A `DEADLINE_EXCEEDED` from an
    /// attempt whose timeout was the caller's remaining time (`cutShortByCaller`: shorter than the
    /// configured attempt timeout) is `.ignored`: the caller ran out of time, which says nothing about
    /// the dependency, and must not trip a healthy dependency's breaker. Otherwise a failure when
    /// ``isDependencyFailure(_:)`` says so, else a success (the dependency answered).
    public static func breakerOutcome<C: Clock>(of error: any Error, cutShortByCaller: Bool) -> CircuitBreaker<C>.Outcome {
        if cutShortByCaller, let error = error as? RPCError, error.code == .deadlineExceeded { return .ignored }
        return isDependencyFailure(error) ? .failure : .success
    }
}
