package import TelemetryCore
package import Tracing

/// A span a ``RecordingTracer`` recorded when it ended.
package struct FinishedSpan: Sendable {
    /// An error recorded on the span, kept as text so the record stays `Sendable`.
    package struct RecordedError: Sendable {
        /// `String(describing:)` of the error.
        package var description: String
        /// The error's fully qualified type name.
        package var typeName: String
        /// The attributes recorded with the error.
        package var attributes: SpanAttributes
    }

    /// The operation name when the span ended.
    package var operationName: String
    /// The span kind.
    package var kind: SpanKind
    /// The trace the span belongs to.
    package var traceID: TraceID
    /// The span's id.
    package var spanID: SpanID
    /// The parent span's id (local or remote); nil for a trace root.
    package var parentSpanID: SpanID?
    /// Whether the span was sampled.
    package var isSampled: Bool
    /// The raw `tracestate` the trace carried.
    package var traceState: String?
    /// The attributes when the span ended.
    package var attributes: SpanAttributes
    /// The status, if one was set.
    package var status: SpanStatus?
    /// The events added, in order.
    package var events: [SpanEvent]
    /// The links added, in order.
    package var links: [SpanLink]
    /// The errors recorded, in order.
    package var errors: [RecordedError]
    /// The service context the span ran in (its own identity included).
    package var context: ServiceContext
    /// When the span started, in nanoseconds since the Unix epoch.
    package var startNanoseconds: UInt64
    /// When the span ended, in nanoseconds since the Unix epoch.
    package var endNanoseconds: UInt64
}
