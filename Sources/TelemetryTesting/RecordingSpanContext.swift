package import TelemetryCore
package import Tracing

/// The W3C identity a ``RecordingTracer`` keeps in the `ServiceContext`: the current span, or the
/// remote parent its `extract` read.
package struct RecordingSpanContext: Sendable, Hashable {
    /// The trace the span belongs to.
    package var traceID: TraceID
    /// The span's id (for a remote parent, the caller's span id).
    package var spanID: SpanID
    /// The trace flags; a span the tracer started carries only ``TraceFlags/sampled``.
    package var flags: TraceFlags
    /// The raw `tracestate` the trace carries, as the caller sent it.
    package var traceState: String?
    /// True when this identity was extracted from a carrier rather than started here.
    package var isRemote: Bool

    /// Whether the span is sampled.
    package var isSampled: Bool { flags.contains(.sampled) }
}

extension ServiceContext {
    /// The identity a ``RecordingTracer`` stored in this context, if any.
    package internal(set) var recordingSpanContext: RecordingSpanContext? {
        get { self[RecordingSpanContextKey.self] }
        set { self[RecordingSpanContextKey.self] = newValue }
    }
}

private enum RecordingSpanContextKey: ServiceContextKey {
    typealias Value = RecordingSpanContext
    static let nameOverride: String? = "recording-span-context"
}
