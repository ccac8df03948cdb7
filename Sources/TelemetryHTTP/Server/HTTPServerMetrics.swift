import CoreMetrics
import Synchronization

/// The HTTP server instruments, cached per label set so a request never builds a metric handle.
final class HTTPServerMetrics: Sendable {
    struct DurationKey: Hashable {
        var method: String
        var route: String
        var status: Int
        var scheme: String
        var errorType: String?
    }

    struct ActiveKey: Hashable {
        var method: String
        var scheme: String
    }

    /// `http.server.request.duration` as Prometheus names it.
    static let durationName = "http_server_request_duration_seconds"
    /// `http.server.active_requests` as Prometheus names it.
    static let activeRequestsName = "http_server_active_requests"

    let factory: any MetricsFactory
    /// A duration timer and the span name of its route (`{method} {route}`), built once per label set.
    struct Duration: Sendable {
        let timer: CoreMetrics.Timer
        let operationName: String
    }

    let durations = Mutex<[DurationKey: Duration]>([:])
    let active = Mutex<[ActiveKey: Meter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The method as reported: itself when known, `_OTHER` otherwise (no hashing on the request path).
    static func reportedMethod(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH": method
        default: "_OTHER"
        }
    }

    func duration(method: String, route: String, status: Int, scheme: String, errorType: String?) -> Duration {
        let key = DurationKey(method: method, route: route, status: status, scheme: scheme, errorType: errorType)
        return durations.withLock { cache in
            if let duration = cache[key] { return duration }
            var dimensions = [
                ("http_request_method", method), ("http_route", route),
                ("http_response_status_code", String(status)), ("url_scheme", scheme),
            ]
            if let errorType { dimensions.append(("error_type", errorType)) }
            let timer = CoreMetrics.Timer(label: Self.durationName, dimensions: dimensions, factory: factory)
            let duration = Duration(timer: timer, operationName: "\(method) \(route)")
            cache[key] = duration
            return duration
        }
    }

    func activeRequests(method: String, scheme: String) -> Meter {
        let key = ActiveKey(method: method, scheme: scheme)
        return active.withLock { cache in
            if let meter = cache[key] { return meter }
            let meter = Meter(
                label: Self.activeRequestsName,
                dimensions: [("http_request_method", method), ("url_scheme", scheme)],
                factory: factory
            )
            cache[key] = meter
            return meter
        }
    }
}
