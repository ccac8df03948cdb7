import GRPCCore
import Resilience

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
}
