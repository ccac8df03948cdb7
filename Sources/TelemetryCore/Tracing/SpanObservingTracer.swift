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
    /// How the backend's span ids are read from a context.
    let reader: any SpanContextReader

    /// Wraps a backend.
    ///
    /// - Parameter reader: Reads the backend's ids from a context; nil: a `traceparent` injected by the
    ///   backend and parsed back (works for any W3C backend, at the cost of string formatting per span).
    public init(wrapping wrapped: Wrapped, recorder: any SpanRecorder, reader: (any SpanContextReader)? = nil) {
        self.wrapped = wrapped
        self.recorder = recorder
        self.reader = reader ?? InjectingSpanContextReader(backend: wrapped)
    }

    /// Starts a span in the backend and tells the recorder.
    ///
    /// The span's ids are read once here (and its parent's), so ending it costs no id lookups.
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
        let startNanos = start.nanosecondsSinceEpoch
        let token = recorder.spanStarted(name: operationName, kind: kind, startNanos: startNanos)
        let parentIdentity = reader.traceParent(in: parent).map(RecorderIdentity.init) ?? parent.recorderIdentity
        var spanContext = span.context
        let identity: RecorderIdentity
        if let own = reader.traceParent(in: spanContext), own.parentID != parentIdentity?.spanID {
            identity = RecorderIdentity(own)
        } else {
            // A backend that drops a span may give it no ids at all (swift-otel's always_off), or its parent's
            // (a no-op span): give the recording ids of its own, in the parent's trace, and pass them on to
            // children through the context.
            identity = RecorderIdentity(traceID: parentIdentity?.traceID ?? RecorderIDs.traceID(), spanID: RecorderIDs.spanID())
            spanContext.recorderIdentity = identity
        }
        return ObservedSpan(
            wrapped: span, recorder: recorder, name: operationName, context: spanContext, identity: identity,
            parentSpanID: parentIdentity?.spanID, kind: kind, startNanos: startNanos, token: token
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
}
