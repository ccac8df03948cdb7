import GRPCCore

/// The OpenTelemetry RPC and gRPC semantic-convention names the interceptors emit.
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/rpc/grpc/
enum RPCSemanticConventions {
    /// `rpc.system.name`, always `grpc`.
    static let systemName = "rpc.system.name"
    /// The `rpc.system.name` value.
    static let grpc = "grpc"
    /// `rpc.method`: the fully-qualified `package.Service/Method`.
    static let method = "rpc.method"
    /// `rpc.response.status_code`: the status code's name (`OK`, `DEADLINE_EXCEEDED`).
    static let responseStatusCode = "rpc.response.status_code"
    /// `error.type`: the status code's name when the call failed.
    static let errorType = "error.type"
    /// `server.address`.
    static let serverAddress = "server.address"
    /// `server.port`.
    static let serverPort = "server.port"
    /// `network.peer.address`.
    static let peerAddress = "network.peer.address"
    /// `network.peer.port`.
    static let peerPort = "network.peer.port"

    /// The name of every status code, indexed by its value.
    static let statusNames = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// The semantic-convention name of `code` (`OK`, `DEADLINE_EXCEEDED`, ...).
    static func name(of code: Status.Code) -> String {
        statusNames.indices.contains(code.rawValue) ? statusNames[code.rawValue] : String(code.rawValue)
    }

    /// Whether `code` marks the span as an error: every non-OK code on a client; on a server only
    /// the codes that point at the server itself.
    static func isError(_ code: Status.Code, kind: RPCCallCompletion.Kind) -> Bool {
        switch kind {
        case .client:
            return code != .ok
        case .server:
            switch code {
            case .unknown, .deadlineExceeded, .unimplemented, .internalError, .unavailable, .dataLoss: return true
            default: return false
            }
        }
    }
}
