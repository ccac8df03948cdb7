import GRPCCore

extension RPCError {
    /// The status a call that threw `error` ends with.
    ///
    /// RPC errors keep their code, cancellation is `CANCELLED`, anything else is `UNKNOWN` (as
    /// gRPC reports it); a call that stopped cancelled or unknown once its `deadline` passed is
    /// `DEADLINE_EXCEEDED`.
    init(reporting error: any Error, deadline: ContinuousClock.Instant?) {
        var status: RPCError
        if let error = error as? RPCError {
            status = error
        } else if let error = error as? any RPCErrorConvertible {
            status = RPCError(error)
        } else if error is CancellationError {
            status = RPCError(code: .cancelled, message: "The call was cancelled.", cause: error)
        } else {
            status = RPCError(code: .unknown, message: "The call failed with an unknown error.", cause: error)
        }
        if let deadline, status.code == .unknown || status.code == .cancelled,
            ContinuousClock.now >= deadline - Self.deadlineTolerance
        {
            status = RPCError(code: .deadlineExceeded, message: "The call's deadline passed before it completed.", cause: error)
        }
        self = status
    }

    /// How early a cancellation may come and still count as the deadline passing.
    ///
    /// An interceptor sees the deadline only as `grpc-timeout` counted from its own start, which
    /// comes a little after gRPC's timer started (and, on a server, after the caller's, which
    /// cancels the stream when it gives up), so both fire slightly before the deadline it computes.
    static let deadlineTolerance: Duration = .milliseconds(20)
}
