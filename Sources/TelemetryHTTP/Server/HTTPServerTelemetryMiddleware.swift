public import CoreMetrics
public import Hummingbird
import NIOCore
public import Tracing
import TelemetryCore

/// Traces and measures every request a Hummingbird router handles, per the stable HTTP semantic conventions.
///
/// It extracts the caller's W3C context, runs the handler in a SERVER span named
/// `{method} {route template}` (e.g. `GET /orders/{id}`), records `http.server.request.duration`
/// and `http.server.active_requests`, and marks 5xx responses as errors. The span and the duration
/// end when the response body has been written.
///
/// ```swift
/// let router = Router()
/// router.add(middleware: HTTPServerTelemetryMiddleware())
/// ```
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/http/http-spans/
public struct HTTPServerTelemetryMiddleware<Context: RequestContext>: RouterMiddleware {
    let tracer: any Tracer
    let metrics: HTTPServerMetrics
    let serverAddress: String?
    let serverPort: Int?
    let outcome: (@Sendable (_ status: Int, _ durationNanos: UInt64) -> Void)?

    /// Creates the middleware.
    /// - Parameters:
    ///   - tracer: The tracer; defaults to the bootstrapped one.
    ///   - metricsFactory: Where the metrics go; defaults to the bootstrapped factory.
    ///   - serverAddress: `server.address` when the `Host` header is absent.
    ///   - serverPort: `server.port` of this listener.
    ///   - outcome: Told every finished request's status and duration (the flight recorder's incident
    ///     detectors); called on the request's path, so it must be cheap.
    public init(
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        serverAddress: String? = nil,
        serverPort: Int? = nil,
        outcome: (@Sendable (_ status: Int, _ durationNanos: UInt64) -> Void)? = nil
    ) {
        self.tracer = tracer
        self.metrics = HTTPServerMetrics(factory: metricsFactory)
        self.serverAddress = serverAddress
        self.serverPort = serverPort
        self.outcome = outcome
    }

    /// Handles one request.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let originalMethod = request.method.rawValue
        // Semantic conventions: unknown methods are reported as `_OTHER`, so a client cannot blow up label cardinality.
        let method = HTTPServerMetrics.reportedMethod(originalMethod)
        let scheme = request.head.scheme ?? "http"
        var parentContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &parentContext, using: PropagationCarrierExtractor<HTTPFields>())

        let span = tracer.startAnySpan(method, context: parentContext, ofKind: .server)
        let activeRequests = metrics.activeRequests(method: method, scheme: scheme)
        activeRequests.increment()
        // A span that does not record drops attributes and names: skip building them.
        if span.isRecording {
            span.updateAttributes { attributes in
                attributes["http.request.method"] = method
                if method != originalMethod { attributes["http.request.method_original"] = originalMethod }
                attributes["url.path"] = request.uri.path
                attributes["url.scheme"] = scheme
                if let query = request.uri.query { attributes["url.query"] = query }
                attributes["user_agent.original"] = request.headers[.userAgent]
                let (address, port) = serverAddressAndPort(request)
                attributes["server.address"] = address
                attributes["server.port"] = port
                if let remote = (context as? any RemoteAddressRequestContext)?.remoteAddress {
                    attributes["client.address"] = remote.ipAddress ?? remote.pathname
                    attributes["network.peer.address"] = remote.ipAddress
                    attributes["network.peer.port"] = remote.port
                }
                attributes["network.protocol.version"] = "1.1"
            }
        }

        // The router sets the route after this middleware runs: keep its shared box, not the whole context.
        let endpointPathBox = context.coreContext.endpointPath
        let outcome = outcome
        let finish: @Sendable (Int, String?) -> Void = { status, errorType in
            let endpointPath = endpointPathBox.value
            let route = endpointPath ?? "unmatched"
            let instruments = metrics.duration(method: method, route: route, status: status, scheme: scheme, errorType: errorType)
            if span.isRecording {
                span.operationName = instruments.operationName
                span.updateAttributes { attributes in
                    if endpointPath != nil { attributes["http.route"] = route }
                    attributes["http.response.status_code"] = status
                    if let errorType { attributes["error.type"] = errorType }
                }
                if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
            }
            let elapsed = ContinuousClock.now - start
            ServiceContext.$current.withValue(span.context) {
                instruments.timer.record(elapsed)
            }
            outcome?(status, elapsed.nanoseconds)
            activeRequests.decrement()
            span.end()
        }

        do {
            var response = try await ServiceContext.$current.withValue(span.context) {
                try await next(request, context)
            }
            let status = Int(response.status.code)
            let errorType: String? = status >= 500 ? String(status) : nil
            let body = response.body
            // The span ends once the body is written; if the server drops the body unwritten (a closed
            // connection), the completion ends it when released, so no span or active request leaks.
            let completion = RequestCompletion { finish(status, errorType) }
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer { completion.run() }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = Int((error as? any HTTPResponseError)?.status.code ?? 500)
            if status >= 500 { span.recordError(error) }
            finish(status, status >= 500 ? String(reflecting: type(of: error)) : nil)
            throw error
        }
    }

    func serverAddressAndPort(_ request: Request) -> (String?, Int?) {
        guard let host = request.head.authority else { return (serverAddress, serverPort) }
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]"), let port = Int(host[host.index(after: colon)...]) {
            return (String(host[..<colon]), port)
        }
        return (host, serverPort)
    }
}

extension CoreMetrics.Timer {
    /// Records the time elapsed since `start` on the continuous clock.
    func recordInterval(since start: ContinuousClock.Instant) {
        record(ContinuousClock.now - start)
    }

    /// Records a duration.
    func record(_ elapsed: Duration) {
        recordNanoseconds(Int64(elapsed.nanoseconds))
    }
}

extension Duration {
    /// Whole nanoseconds (0 for negative durations).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return seconds < 0 ? 0 : UInt64(seconds) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000
    }
}
