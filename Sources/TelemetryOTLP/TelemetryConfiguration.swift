public import TelemetryCore

/// Telemetry settings from the standard `OTEL_*` variables, validated at start.
///
/// swift-otel reads the same variables again when it builds its backends; validating them here
/// first means a typo stops the process at start with the variable's name and the accepted values,
/// instead of being ignored.
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
public struct TelemetryConfiguration: Sendable, Equatable {
    /// `OTEL_SERVICE_NAME`; defaults to the service's own name.
    public var serviceName: String
    /// `service.version`, from `SERVICE_VERSION`; defaults to the build's version.
    public var serviceVersion: String
    /// `service.instance.id`: the pod name (`K8S_POD_NAME`) or the host name, plus the process id.
    public var serviceInstanceID: String
    /// `deployment.environment.name`, from `DEPLOYMENT_ENVIRONMENT`; default `local`.
    public var deploymentEnvironment: String
    /// `OTEL_RESOURCE_ATTRIBUTES` plus the Kubernetes downward-API attributes (`K8S_POD_NAME`,
    /// `K8S_POD_UID`, `K8S_NAMESPACE_NAME`, `K8S_NODE_NAME`, `K8S_CONTAINER_NAME`, `K8S_DEPLOYMENT_NAME`).
    public var resourceAttributes: [String: String]
    /// `OTEL_SDK_DISABLED`; default false.
    public var sdkDisabled: Bool
    /// `OTEL_TRACES_EXPORTER`: `otlp` (default) or `none`.
    public var tracesExporter: String
    /// `OTEL_LOGS_EXPORTER`: `otlp` or `none` (default: logs go to stdout as JSON lines only).
    public var logsExporter: String
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`; nil means swift-otel's default.
    public var endpoint: String?
    /// `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` or `OTEL_EXPORTER_OTLP_PROTOCOL`: `grpc` or `http/protobuf` (default).
    public var exportProtocol: String
    /// `OTEL_TRACES_SAMPLER`; default `parentbased_always_on`.
    public var sampler: String
    /// `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers, 0...1; default 1.
    public var samplerRatio: Double
    /// `BAGGAGE_SPAN_ATTRIBUTES`: comma-separated baggage keys copied onto every span as attributes
    /// (see ``KitTracer/baggageSpanAttributes``); the caller's default when unset, `none` for none.
    public var baggageSpanAttributes: [String]

    /// The samplers `OTEL_TRACES_SAMPLER` accepts.
    public static let samplers = [
        "always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio",
    ]
    /// The protocols `OTEL_EXPORTER_OTLP_PROTOCOL` accepts.
    public static let protocols = ["grpc", "http/protobuf"]

    /// Reads and validates the variables.
    public init(
        environment: EnvironmentReader, defaultServiceName: String, defaultServiceVersion: String, defaultBaggageSpanAttributes: [String] = []
    ) throws(ConfigurationError) {
        baggageSpanAttributes = environment.string("BAGGAGE_SPAN_ATTRIBUTES").map { value in
            value == "none" ? [] : value.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        } ?? defaultBaggageSpanAttributes
        serviceName = environment.string("OTEL_SERVICE_NAME") ?? defaultServiceName
        serviceVersion = environment.string("SERVICE_VERSION") ?? defaultServiceVersion
        deploymentEnvironment = environment.string("DEPLOYMENT_ENVIRONMENT") ?? "local"
        let host = environment.string("K8S_POD_NAME") ?? environment.string("HOSTNAME") ?? "localhost"
        serviceInstanceID = "\(host)-\(ProcessIdentity.processID)"
        sdkDisabled = try environment.bool("OTEL_SDK_DISABLED", default: false)
        tracesExporter = try environment.choice("OTEL_TRACES_EXPORTER", ["otlp", "none"], default: "otlp")
        logsExporter = try environment.choice("OTEL_LOGS_EXPORTER", ["otlp", "none"], default: "none")
        exportProtocol = try environment.choice(
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", Self.protocols,
            default: try environment.choice("OTEL_EXPORTER_OTLP_PROTOCOL", Self.protocols, default: "http/protobuf")
        )
        endpoint = try environment.url(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", default: try environment.url("OTEL_EXPORTER_OTLP_ENDPOINT", default: nil)
        )
        sampler = try environment.choice("OTEL_TRACES_SAMPLER", Self.samplers, default: "parentbased_always_on")
        samplerRatio = try environment.double("OTEL_TRACES_SAMPLER_ARG", in: 0...1, default: 1)
        resourceAttributes = try Self.parseResourceAttributes(environment.string("OTEL_RESOURCE_ATTRIBUTES"))
        let downwardAPI = [
            ("k8s.pod.name", "K8S_POD_NAME"), ("k8s.pod.uid", "K8S_POD_UID"), ("k8s.namespace.name", "K8S_NAMESPACE_NAME"),
            ("k8s.node.name", "K8S_NODE_NAME"), ("k8s.container.name", "K8S_CONTAINER_NAME"),
            ("k8s.deployment.name", "K8S_DEPLOYMENT_NAME"),
        ]
        for (attribute, variable) in downwardAPI {
            if let value = environment.string(variable) { resourceAttributes[attribute] = value }
        }
        if let fromAttributes = resourceAttributes["deployment.environment.name"], environment.string("DEPLOYMENT_ENVIRONMENT") == nil {
            deploymentEnvironment = fromAttributes
        }
        resourceAttributes["service.version"] = serviceVersion
        resourceAttributes["service.instance.id"] = serviceInstanceID
        resourceAttributes["deployment.environment.name"] = deploymentEnvironment
    }

    /// Parses `key1=value1,key2=value2` (values percent-decoded, as the specification says).
    static func parseResourceAttributes(_ value: String?) throws(ConfigurationError) -> [String: String] {
        guard let value else { return [:] }
        var attributes: [String: String] = [:]
        for member in value.split(separator: ",") {
            let parts = member.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { String($0).trimmingSpacesAndTabs } ?? ""
            guard parts.count == 2, !key.isEmpty, let decoded = Self.percentDecode(String(parts[1]).trimmingSpacesAndTabs) else {
                throw ConfigurationError(
                    variable: "OTEL_RESOURCE_ATTRIBUTES", value: value,
                    accepted: "expected comma-separated key=value pairs, values percent-encoded"
                )
            }
            attributes[key] = decoded
        }
        return attributes
    }

    static func percentDecode(_ value: String) -> String? {
        PercentDecoding.decode(value.utf8).flatMap { String(validating: $0, as: UTF8.self) }
    }
}

extension String {
    var trimmingSpacesAndTabs: String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
