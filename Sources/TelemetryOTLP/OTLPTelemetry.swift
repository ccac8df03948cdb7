public import CoreMetrics
public import Logging
import OTel
public import ServiceLifecycle
public import TelemetryCore
import Tracing

/// OTLP export of traces (and optionally logs) through swift-otel, behind the kit's propagation.
///
/// ```swift
/// let telemetry = try OTLPTelemetry(configuration: config, metricsFactory: prometheus, logger: logger)
/// InstrumentationSystem.bootstrap(telemetry.tracer)
/// let group = ServiceGroup(services: [telemetry.service, server], logger: logger) // telemetry first: it stops last
/// ```
public struct OTLPTelemetry: Sendable {
    /// The kit tracer to bootstrap `InstrumentationSystem` with.
    public let tracer: any IdentifyingTracer
    /// Exports in the background; run it first in the `ServiceGroup` so it flushes last.
    public let service: any Service
    /// A swift-log factory for OTLP log export, when `OTEL_LOGS_EXPORTER=otlp`.
    public let logHandlerFactory: (@Sendable (String) -> any LogHandler)?

    /// Builds the tracing (and logging) backends from validated configuration.
    /// - Parameters:
    ///   - configuration: The validated `OTEL_*` settings.
    ///   - metricsFactory: Where `otel_sdk_span_dropped_total` is counted.
    ///   - logger: Where export trouble is reported (once per outage).
    ///   - spanRecorder: Sees every span, sampled or not (the flight recorder); nil for none.
    public init(
        configuration: TelemetryConfiguration, metricsFactory: any MetricsFactory, logger: Logger, spanRecorder: (any SpanRecorder)? = nil
    ) throws {
        let diagnostics = ExportDiagnostics(
            droppedSpans: Counter(label: ExportDiagnostics.droppedSpansName, factory: metricsFactory),
            logger: logger
        )
        guard !configuration.sdkDisabled else {
            tracer = Self.kitTracer(NoOpTracer(), spanRecorder, baggageSpanAttributes: configuration.baggageSpanAttributes)
            service = IdleService()
            logHandlerFactory = nil
            return
        }
        let otel = try configuration.otelConfiguration(diagnosticLogger: Logger(label: "otel") { _ in diagnostics })
        let tracing = try OTel.makeTracingBackend(configuration: otel)
        tracer = Self.kitTracer(tracing.factory, spanRecorder, baggageSpanAttributes: configuration.baggageSpanAttributes)
        if configuration.logsExporter == "otlp" {
            let logging = try OTel.makeLoggingBackend(configuration: otel)
            logHandlerFactory = logging.factory
            service = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: tracing.service, successTerminationBehavior: .gracefullyShutdownGroup),
                        .init(service: logging.service, successTerminationBehavior: .gracefullyShutdownGroup),
                    ],
                    logger: logger
                )
            )
        } else {
            service = tracing.service
            logHandlerFactory = nil
        }
    }
}

extension OTLPTelemetry {
    /// The kit tracer over `backend`, observed by `recorder` when there is one.
    static func kitTracer<Backend: Tracer>(
        _ backend: Backend, _ recorder: (any SpanRecorder)?, baggageSpanAttributes: [String]
    ) -> any IdentifyingTracer {
        guard let recorder else { return KitTracer(wrapping: backend, baggageSpanAttributes: baggageSpanAttributes) }
        let observing = SpanObservingTracer(wrapping: backend, recorder: recorder)
        return KitTracer(wrapping: observing, baggageSpanAttributes: baggageSpanAttributes)
    }
}

/// A service with nothing to do but wait for shutdown (telemetry switched off).
struct IdleService: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
