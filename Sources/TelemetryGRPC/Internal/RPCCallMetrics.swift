import CoreMetrics
import GRPCCore
import Synchronization

/// `rpc.server.call.duration` or `rpc.client.call.duration`, cached per label set so a call never
/// builds a metric handle.
///
/// Labels are bounded: the system, the method the service defines, and the status code's name.
final class RPCCallMetrics: Sendable {
    struct Key: Hashable {
        var method: String
        var statusCode: Int
    }

    /// `rpc.server.call.duration` as Prometheus names it.
    static let serverDurationName = "rpc_server_call_duration_seconds"
    /// `rpc.client.call.duration` as Prometheus names it.
    static let clientDurationName = "rpc_client_call_duration_seconds"

    let label: String
    let factory: any MetricsFactory
    let timers = Mutex<[Key: CoreMetrics.Timer]>([:])

    init(label: String, factory: any MetricsFactory) {
        self.label = label
        self.factory = factory
    }

    func duration(method: String, status: Status.Code) -> CoreMetrics.Timer {
        let key = Key(method: method, statusCode: status.rawValue)
        return timers.withLock { cache in
            if let timer = cache[key] { return timer }
            let timer = CoreMetrics.Timer(
                label: label,
                dimensions: [
                    ("rpc_system_name", RPCSemanticConventions.grpc),
                    ("rpc_method", method),
                    ("rpc_response_status_code", RPCSemanticConventions.name(of: status)),
                ],
                factory: factory
            )
            cache[key] = timer
            return timer
        }
    }
}
