public import Tracing

/// Sees every span the kit's tracer starts and ends, sampled or not: the flight recorder's seam.
///
/// Called on the thread that starts or ends the span, so implementations must be cheap and must not block.
///
/// ```swift
/// let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: backend, recorder: flightRecorder))
/// ```
public protocol SpanRecorder: Sendable {
    /// A span started; the returned token comes back in ``spanEnded(_:token:)`` (e.g. a running-span slot).
    func spanStarted(name: String, kind: SpanKind, startNanos: UInt64) -> Int
    /// A span ended.
    func spanEnded(_ span: EndedSpan, token: Int)
}

/// What a ``SpanRecorder`` learns about a span when it ends.
public struct EndedSpan: Sendable {
    /// The span's final name.
    public var name: String
    /// Server, client, internal, producer or consumer.
    public var kind: SpanKind
    /// The trace id; nil when the backend gives spans no identity (a no-op tracer).
    public var traceID: TraceID?
    /// The span's id.
    public var spanID: SpanID?
    /// The parent span's id; nil for a root span.
    public var parentSpanID: SpanID?
    /// Start, in nanoseconds since the Unix epoch.
    public var startNanos: UInt64
    /// End, in nanoseconds since the Unix epoch.
    public var endNanos: UInt64
    /// True when the span was marked as an error.
    public var isError: Bool
    /// The error status message, if any.
    public var statusMessage: String?
    /// Whether head sampling kept the span (false: the span was never exported).
    public var isSampled: Bool
    /// The span's attributes as set on it (empty for spans that do not record).
    public var attributes: SpanAttributes

    /// Creates a record of an ended span.
    public init(
        name: String, kind: SpanKind, traceID: TraceID?, spanID: SpanID?, parentSpanID: SpanID?,
        startNanos: UInt64, endNanos: UInt64, isError: Bool, statusMessage: String?, isSampled: Bool, attributes: SpanAttributes
    ) {
        self.name = name
        self.kind = kind
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.isError = isError
        self.statusMessage = statusMessage
        self.isSampled = isSampled
        self.attributes = attributes
    }
}
