import Logging
import OTel

extension TelemetryConfiguration {
    /// The swift-otel configuration these validated settings describe.
    func otelConfiguration(diagnosticLogger: Logger) throws -> OTel.Configuration {
        var otel = OTel.Configuration.default
        otel.serviceName = serviceName
        otel.resourceAttributes = resourceAttributes
        otel.metrics.enabled = false  // metrics are scraped by Prometheus (TelemetryPrometheus)
        otel.logs.enabled = logsExporter == "otlp"
        otel.traces.exporter = tracesExporter == "none" ? .none : .otlp
        otel.diagnosticLogger = .custom(diagnosticLogger)
        otel.diagnosticLogLevel = .debug
        otel.traces.sampler = switch sampler {
        case "always_on": .alwaysOn
        case "always_off": .alwaysOff
        case "traceidratio": .traceIDRatio(ratio: samplerRatio) ?? .traceIDRatio
        case "parentbased_always_off": .parentBasedAlwaysOff
        case "parentbased_traceidratio": .parentBasedTraceIDRatio(ratio: samplerRatio) ?? .parentBasedTraceIDRatio
        default: .parentBasedAlwaysOn
        }
        for exporter in [\OTel.Configuration.traces.otlpExporter, \OTel.Configuration.logs.otlpExporter] {
            otel[keyPath: exporter].protocol = exportProtocol == "grpc" ? .grpc : .httpProtobuf
            if let endpoint {
                otel[keyPath: exporter].endpoint = exportProtocol == "grpc" ? endpoint : Self.httpSignalURL(endpoint, exporter == \.traces.otlpExporter ? "traces" : "logs")
            }
        }
        return otel
    }

    /// OTLP/HTTP appends `/v1/<signal>` to the base endpoint; swift-otel uses an endpoint set in code verbatim.
    static func httpSignalURL(_ base: String, _ signal: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed.hasSuffix("/v1/\(signal)") ? trimmed : "\(trimmed)/v1/\(signal)"
    }
}
