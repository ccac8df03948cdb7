#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Prometheus
public import TelemetryCore
public import Tracing

/// The kit's swift-metrics backend: series live in a swift-prometheus registry, scrapes get
/// Prometheus text or OpenMetrics with exemplars.
///
/// On top of swift-prometheus's own factory it adds `# HELP` texts from a ``MetricHelp`` catalog,
/// OpenTelemetry-style names (`.` becomes `_`, counters end in `_total`, timers in `_seconds`),
/// latency buckets in seconds, exemplars linking histogram buckets to sampled spans, the standard
/// `process_*` metrics, and the OpenMetrics exposition.
///
/// ```swift
/// let tracer = KitTracer(wrapping: otelTracer)
/// let metrics = PrometheusMetricsBackend(spanIdentity: { tracer.identity(of: $0) })
/// MetricsSystem.bootstrap(metrics)
/// // GET /metrics
/// let format = ExpositionFormat(accept: request.headers[.accept])
/// let body = metrics.render(format: format) // Content-Type: format.contentType
/// ```
///
/// - SeeAlso: https://github.com/prometheus/OpenMetrics/blob/v1.0.0/specification/OpenMetrics.md
public struct PrometheusMetricsBackend: Sendable {
    /// Where the series are stored; register non-swift-metrics collectors here too.
    public let registry: PrometheusCollectorRegistry
    /// The `# HELP` texts.
    public let help: MetricHelp
    /// Bucket upper bounds of timers, and of recorders whose name ends in `_seconds`.
    public let durationBuckets: [Duration]
    /// Bucket upper bounds of other aggregating recorders.
    public let valueBuckets: [Double]
    /// Whether scrapes include the `process_*` metrics.
    public let exposesProcessMetrics: Bool

    let exemplars = ExemplarIndex()
    let buffers = ExpositionBuffers()
    let sampler: ExemplarSampler?

    /// OpenTelemetry's advisory boundaries for HTTP and RPC durations: 5 ms to 10 s.
    ///
    /// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/http/http-metrics/#metric-httpserverrequestduration
    public static let defaultDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(75),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .milliseconds(750),
        .seconds(1), .milliseconds(2500), .seconds(5), .milliseconds(7500), .seconds(10),
    ]

    /// swift-prometheus's default value buckets: 5 to 10,000.
    public static let defaultValueBuckets: [Double] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]

    /// Creates a backend.
    ///
    /// - Parameters:
    ///   - registry: Where to store the series.
    ///   - help: The `# HELP` texts, by Prometheus name.
    ///   - durationBuckets: Bucket upper bounds of timers (and of recorders named `*_seconds`).
    ///   - valueBuckets: Bucket upper bounds of other aggregating recorders.
    ///   - exposesProcessMetrics: Whether scrapes include the `process_*` metrics.
    ///   - spanIdentity: The span a context carries (pass `KitTracer.identity(of:)`); nil for no exemplars.
    public init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        help: MetricHelp = .semanticConventions,
        durationBuckets: [Duration] = defaultDurationBuckets,
        valueBuckets: [Double] = defaultValueBuckets,
        exposesProcessMetrics: Bool = true,
        spanIdentity: (@Sendable (ServiceContext) -> SpanIdentity?)? = nil
    ) {
        self.init(
            registry: registry,
            help: help,
            durationBuckets: durationBuckets,
            valueBuckets: valueBuckets,
            exposesProcessMetrics: exposesProcessMetrics,
            spanIdentity: spanIdentity,
            unixNanoseconds: Self.unixNanoseconds
        )
    }

    /// Creates a backend whose exemplar timestamps come from `unixNanoseconds` (for tests).
    package init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        help: MetricHelp = .semanticConventions,
        durationBuckets: [Duration] = defaultDurationBuckets,
        valueBuckets: [Double] = defaultValueBuckets,
        exposesProcessMetrics: Bool = true,
        spanIdentity: (@Sendable (ServiceContext) -> SpanIdentity?)?,
        unixNanoseconds: @escaping @Sendable () -> Int64
    ) {
        self.registry = registry
        self.help = help
        self.durationBuckets = durationBuckets.sorted()
        self.valueBuckets = valueBuckets.sorted()
        self.exposesProcessMetrics = exposesProcessMetrics
        self.sampler = spanIdentity.map { ExemplarSampler(spanIdentity: $0, unixNanoseconds: unixNanoseconds) }
    }

    /// The current exposition in `format`.
    public func render(format: ExpositionFormat) -> [UInt8] {
        var buffer: [UInt8] = []
        render(format: format, into: &buffer)
        return buffer
    }

    /// Appends the current exposition in `format` to `buffer`.
    public func render(format: ExpositionFormat, into buffer: inout [UInt8]) {
        switch format {
        case .prometheusText:
            registry.emit(into: &buffer)
            if exposesProcessMetrics { ProcessMetrics.current()?.write(into: &buffer) }
        case .openMetrics:
            var text = buffers.takeText()
            registry.emit(into: &text)
            if exposesProcessMetrics { ProcessMetrics.current()?.write(into: &text) }
            let start = buffer.count
            // Exemplars make OpenMetrics longer than the text: size the output as the last scrape's.
            buffer.reserveCapacity(start + max(text.count + 16, buffers.openMetricsCount + 4096))
            OpenMetricsTranscoder(exemplars: exemplars.snapshot()).transcode(text, into: &buffer)
            buffers.openMetricsCount = buffer.count - start
            buffers.returnText(text)
        }
    }

    /// Now, in nanoseconds since the Unix epoch (`CLOCK_REALTIME`).
    @Sendable
    static func unixNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
