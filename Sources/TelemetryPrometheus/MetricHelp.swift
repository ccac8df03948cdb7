/// The `# HELP` text of each metric, by Prometheus name, with a fallback so every family has one.
///
/// swift-metrics instruments carry no description, so ``PrometheusMetricsBackend`` looks theirs up
/// here. The ``semanticConventions`` catalog covers the kit's own instruments; services add theirs:
///
/// ```swift
/// var help = MetricHelp.semanticConventions
/// help["orders_placed_total"] = "Orders accepted by the checkout service."
/// let backend = PrometheusMetricsBackend(help: help)
/// ```
public struct MetricHelp: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Help texts by Prometheus metric name (counters with their `_total` suffix).
    public var texts: [String: String]
    /// The text for names the catalog does not know (never empty, so `promtool` has nothing to flag).
    public var fallback: String

    /// The fallback used unless another one is given.
    public static let defaultFallback = "Instrument without a registered description."

    /// Creates a catalog.
    public init(_ texts: [String: String] = [:], fallback: String = MetricHelp.defaultFallback) {
        self.texts = texts
        self.fallback = fallback.isEmpty ? Self.defaultFallback : fallback
    }

    /// Creates a catalog from `name: help` pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The help text for `name`: the catalog's, or the fallback. Setting an empty text removes it.
    public subscript(name: String) -> String {
        get { texts[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback }
        set { texts[name] = newValue.isEmpty ? nil : newValue }
    }

    /// This catalog with `other`'s texts added (`other` wins on conflicts).
    public func merging(_ other: MetricHelp) -> MetricHelp {
        MetricHelp(texts.merging(other.texts) { _, new in new }, fallback: fallback)
    }

    /// The kit's instruments (OpenTelemetry semantic conventions, Prometheus names) and Hummingbird's.
    ///
    /// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/http/http-metrics/,
    ///   https://opentelemetry.io/docs/specs/semconv/rpc/rpc-metrics/
    public static let semanticConventions = MetricHelp([
        "http_server_request_duration_seconds": "Duration of HTTP server requests.",
        "http_server_active_requests": "Number of active HTTP server requests.",
        "http_client_request_duration_seconds": "Duration of HTTP client requests.",
        "rpc_server_call_duration_seconds": "Duration of RPC calls handled by the server.",
        "rpc_client_call_duration_seconds": "Duration of RPC calls made by the client.",
        "otel_sdk_span_dropped_total": "Spans the SDK dropped before export (queue full or export failed).",
        "kit_flightrecorder_dumps_total": "Flight recorder dumps, by trigger (http, sigusr2, readiness, latency_slo, http_5xx_burst...).",
        "kit_flightrecorder_dump_failures_total": "Flight recorder dumps that could not be written (full disk, unwritable directory).",
        "kit_flightrecorder_bytes": "Bytes of records the flight recorder holds (its budget is fixed at start).",
        "hb_requests_total": "HTTP requests received by Hummingbird.",
        "hb_request_errors_total": "HTTP requests that Hummingbird answered with an error.",
    ])
}
