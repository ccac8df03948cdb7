import CoreMetrics
import Synchronization

/// The HTTP client instrument, cached per label set.
final class HTTPClientMetrics: Sendable {
    struct Key: Hashable {
        var method: String
        var host: String
        var port: Int
        var status: Int?
        var errorType: String?
    }

    /// `http.client.request.duration` as Prometheus names it.
    static let durationName = "http_client_request_duration_seconds"

    let factory: any MetricsFactory
    let timers = Mutex<[Key: CoreMetrics.Timer]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func duration(method: String, host: String, port: Int, status: Int?, errorType: String?) -> CoreMetrics.Timer {
        let key = Key(method: method, host: host, port: port, status: status, errorType: errorType)
        return timers.withLock { cache in
            if let timer = cache[key] { return timer }
            var dimensions = [("http_request_method", method), ("server_address", host), ("server_port", String(port))]
            if let status { dimensions.append(("http_response_status_code", String(status))) }
            if let errorType { dimensions.append(("error_type", errorType)) }
            let timer = CoreMetrics.Timer(label: Self.durationName, dimensions: dimensions, factory: factory)
            cache[key] = timer
            return timer
        }
    }
}
