public import CoreMetrics
public import Logging
public import TelemetryCore
public import TelemetryOTLP

/// The kit's tracing backend as a service builds it, with export switched off (`OTEL_TRACES_EXPORTER=none`).
///
/// Spans still go through swift-otel's batch span processor, which consumes them only while
/// ``OTLPTelemetry/service`` runs.
public enum BenchTelemetry {
    /// Builds the backend with `OTEL_TRACES_SAMPLER=<sampler>` and no exporter.
    /// - Parameters:
    ///   - sampler: `always_on`, `always_off`, or any other `OTEL_TRACES_SAMPLER` value.
    ///   - metricsFactory: Where the kit counts dropped spans.
    ///   - spanRecorder: Sees every span (the flight recorder), as in a service; nil for none.
    public static func make(
        sampler: String, metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance, spanRecorder: (any SpanRecorder)? = nil
    ) throws -> OTLPTelemetry {
        let configuration = try TelemetryConfiguration(
            environment: EnvironmentReader(["OTEL_TRACES_EXPORTER": "none", "OTEL_TRACES_SAMPLER": sampler]),
            defaultServiceName: "bench",
            defaultServiceVersion: "0.0.0"
        )
        return try OTLPTelemetry(configuration: configuration, metricsFactory: metricsFactory, logger: silentLogger, spanRecorder: spanRecorder)
    }

    /// A logger that drops everything (export diagnostics would only add noise to the figures).
    public static let silentLogger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
}
