public import Tracing

/// Reads the ids of the span (or remote parent) a backend keeps in a context, for ``SpanObservingTracer``.
///
/// Without one, the observing tracer asks the backend to inject a `traceparent` and parses it back: correct
/// for any W3C backend, but string formatting per span. A reader that knows its backend can do without
/// (TelemetryOTLP has one for swift-otel).
public protocol SpanContextReader: Sendable {
    /// The span's ids and flags as a `traceparent` would carry them; nil when the context holds no span.
    func traceParent(in context: ServiceContext) -> TraceParent?
}

/// The portable reader: a `traceparent` injected by the backend, parsed back.
package struct InjectingSpanContextReader<Backend: Tracer>: SpanContextReader {
    let backend: Backend

    /// A reader that asks `backend` to inject.
    package init(backend: Backend) {
        self.backend = backend
    }

    /// The backend's `traceparent` for `context`, parsed.
    package func traceParent(in context: ServiceContext) -> TraceParent? {
        // Nothing to inject from an empty context: skip the backend's round trip.
        if context.isEmpty { return nil }
        var captured = CanonicalTraceHeaders()
        backend.inject(context, into: &captured, using: CanonicalTraceHeaders.Accessor())
        return captured.traceParent.flatMap { TraceParent($0) }
    }
}
