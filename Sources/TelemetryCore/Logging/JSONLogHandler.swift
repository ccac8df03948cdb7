public import Logging
import Tracing

/// A swift-log handler that writes one JSON object per line, with `trace_id` and `span_id`, so Loki
/// (or any log store) can link a log line to its trace.
///
/// ```json
/// {"timestamp":"2026-11-24T10:00:00.123456Z","level":"info","service.name":"checkout","logger":"http",
///  "message":"request finished","trace_id":"4bf9...","span_id":"00f0...","http.route":"/checkout"}
/// ```
public struct JSONLogHandler: LogHandler {
    /// Metadata attached to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// The minimum level written.
    public var logLevel: Logger.Level
    /// Supplies context metadata (the kit's supplies `trace_id` and `span_id`).
    public var metadataProvider: Logger.MetadataProvider?

    let label: String
    let serviceName: String
    let output: LogOutput

    /// Creates a handler for one logger label.
    public init(
        label: String,
        serviceName: String,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: LogOutput = .standardOutput
    ) {
        self.label = label
        self.serviceName = serviceName
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let recordFields: Set<String> = ["timestamp", "level", "service.name", "logger", "message", "source"]

    /// Writes one record as a JSON line.
    public func log(event: LogEvent) {
        var line = JSONLineWriter()
        line.field("timestamp", WallClock.nowISO8601())
        line.field("level", event.level.rawValue)
        line.field("service.name", serviceName)
        line.field("logger", label)
        line.field("message", event.message.description)
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let recordMetadata = event.metadata { merged.merge(recordMetadata) { _, new in new } }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            // A metadata key never overwrites a record field: JSON objects must not repeat a key.
            line.field(Self.recordFields.contains(key) ? "metadata.\(key)" : key, value.description)
        }
        line.field("source", "\(event.source) \(event.file):\(event.line)")
        output.write(line.finish())
    }
}

extension Logger.MetadataProvider {
    /// `trace_id` and `span_id` of the current span, as seen by the kit tracer.
    public static func traceIdentity(_ tracer: any IdentifyingTracer) -> Logger.MetadataProvider {
        Logger.MetadataProvider {
            guard let context = ServiceContext.current, let identity = tracer.identity(of: context) else { return [:] }
            return [
                "trace_id": .string(identity.traceID.description),
                "span_id": .string(identity.spanID.description),
            ]
        }
    }
}
