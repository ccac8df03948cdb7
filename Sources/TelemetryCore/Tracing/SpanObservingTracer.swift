public import Tracing

/// A tracer that hands every span it ends to a ``SpanRecorder``, then behaves exactly like the tracer it wraps.
///
/// Spans head sampling drops are seen too: their name, ids, times and status (their attributes are
/// dropped by the backend, so the record has none). Put it under ``KitTracer`` so the kit's propagation
/// still talks to the backend:
///
/// ```swift
/// InstrumentationSystem.bootstrap(KitTracer(wrapping: SpanObservingTracer(wrapping: otel.factory, recorder: recorder)))
/// ```
public struct SpanObservingTracer<Wrapped: Tracer>: Tracer {
    /// The observed span type.
    public typealias Span = ObservedSpan<Wrapped.Span>

    /// The span backend.
    public let wrapped: Wrapped
    /// Where ended spans go.
    public let recorder: any SpanRecorder

    /// Wraps a backend.
    public init(wrapping wrapped: Wrapped, recorder: any SpanRecorder) {
        self.wrapped = wrapped
        self.recorder = recorder
    }

    /// Starts a span in the backend and tells the recorder.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> ObservedSpan<Wrapped.Span> {
        let parent = context()
        let start = instant()
        let span = wrapped.startSpan(operationName, context: parent, ofKind: kind, at: start, function: function, file: fileID, line: line)
        let token = recorder.spanStarted(name: operationName, kind: kind, startNanos: start.nanosecondsSinceEpoch)
        var context = span.context
        // A backend that drops a span may give it no ids at all (swift-otel's always_off): give the recording
        // ids of its own, in the parent's trace, and pass them on to children through the context.
        if !span.isRecording, traceParent(of: context) == nil {
            let traceID = traceParent(of: parent)?.traceID ?? parent.recorderIdentity?.traceID ?? .random()
            context.recorderIdentity = RecorderIdentity(traceID: traceID, spanID: .random())
        }
        return ObservedSpan(
            wrapped: span, tracer: self, name: operationName, context: context, parent: parent, kind: kind,
            startNanos: start.nanosecondsSinceEpoch, token: token
        )
    }

    /// Flushes the backend.
    @available(*, deprecated)
    public func forceFlush() {
        wrapped.forceFlush()
    }

    /// The backend's extraction.
    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        wrapped.extract(carrier, into: &context, using: extractor)
    }

    /// The backend's injection.
    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        wrapped.inject(context, into: &carrier, using: injector)
    }

    /// The ids of a span (or remote parent) in `context`: the backend's, else the recorder's own.
    func identity(of context: ServiceContext) -> RecorderIdentity? {
        if let traceParent = traceParent(of: context) {
            return RecorderIdentity(traceID: traceParent.traceID, spanID: traceParent.parentID, isSampled: traceParent.flags.contains(.sampled))
        }
        return context.recorderIdentity
    }

    /// The backend's `traceparent` for a context, parsed; nil outside any trace.
    func traceParent(of context: ServiceContext) -> TraceParent? {
        var captured = CanonicalTraceHeaders()
        wrapped.inject(context, into: &captured, using: CanonicalTraceHeaders.Accessor())
        return captured.traceParent.flatMap { TraceParent($0) }
    }
}

/// Ids the recorder gave a span its backend left without any.
struct RecorderIdentity: Sendable {
    var traceID: TraceID
    var spanID: SpanID
    var isSampled = false
}

extension ServiceContext {
    var recorderIdentity: RecorderIdentity? {
        get { self[RecorderIdentityKey.self] }
        set { self[RecorderIdentityKey.self] = newValue }
    }
}

private enum RecorderIdentityKey: ServiceContextKey {
    typealias Value = RecorderIdentity
    static let nameOverride: String? = "flightrecorder-identity"
}
