public import AsyncHTTPClient
public import CoreMetrics
public import NIOCore
import NIOHTTP1
public import Tracing
import TelemetryCore

/// AsyncHTTPClient with the kit's telemetry: a CLIENT span per request, the W3C context injected
/// (a new parent id per call), and `http.client.request.duration`.
///
/// ```swift
/// let client = TracedHTTPClient(client: .shared)
/// let response = try await client.execute(HTTPClientRequest(url: "http://pricing:8080/prices"), timeout: .seconds(2))
/// ```
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client-span
public struct TracedHTTPClient: Sendable {
    let client: HTTPClient
    let tracer: any Tracer
    let metrics: HTTPClientMetrics

    /// Wraps an AsyncHTTPClient.
    public init(
        client: HTTPClient,
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.client = client
        self.tracer = tracer
        self.metrics = HTTPClientMetrics(factory: metricsFactory)
    }

    /// Sends `request` in a CLIENT span; the span ends when the response head arrives or the call fails.
    public func execute(
        _ request: HTTPClientRequest,
        timeout: TimeAmount,
        context: ServiceContext = .current ?? .topLevel
    ) async throws -> HTTPClientResponse {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        let target = RequestTarget(url: request.url)
        let span = tracer.startAnySpan(method, context: context, ofKind: .client)
        defer { span.end() }
        span.updateAttributes { attributes in
            attributes["http.request.method"] = method
            attributes["server.address"] = target.host
            attributes["server.port"] = target.port
            attributes["url.full"] = target.redactedURL
        }
        var request = request
        tracer.inject(span.context, into: &request.headers, using: PropagationCarrierInjector<HTTPHeaders>())
        do {
            let response = try await client.execute(request, timeout: timeout)
            let status = Int(response.status.code)
            let errorType: String? = status >= 400 ? String(status) : nil
            span.updateAttributes { attributes in
                attributes["http.response.status_code"] = status
                if let errorType { attributes["error.type"] = errorType }
            }
            if status >= 400 { span.setStatus(SpanStatus(code: .error)) }
            record(start, method: method, target: target, status: status, errorType: errorType, span: span)
            return response
        } catch {
            let errorType = String(reflecting: type(of: error))
            span.attributes["error.type"] = errorType
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            record(start, method: method, target: target, status: nil, errorType: errorType, span: span)
            throw error
        }
    }

    private func record(
        _ start: ContinuousClock.Instant, method: String, target: RequestTarget, status: Int?, errorType: String?, span: any Span
    ) {
        ServiceContext.$current.withValue(span.context) {
            metrics.duration(method: method, host: target.host, port: target.port, status: status, errorType: errorType)
                .recordInterval(since: start)
        }
    }
}

/// The parts of a request URL that telemetry may record.
struct RequestTarget {
    var host: String
    var port: Int
    /// The URL without credentials and query (query strings often carry ids and secrets).
    var redactedURL: String

    init(url: String) {
        var rest = Substring(url)
        var scheme = "http"
        if let range = rest.firstRange(of: "://") {
            scheme = String(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let path = rest[authorityEnd...].prefix { $0 != "?" && $0 != "#" }
        let defaultPort = scheme == "https" ? 443 : 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]"),
            let port = Int(authority[authority.index(after: colon)...]) {
            host = String(authority[..<colon])
            self.port = port
        } else {
            host = String(authority)
            port = defaultPort
        }
        redactedURL = "\(scheme)://\(authority)\(path)"
    }
}
