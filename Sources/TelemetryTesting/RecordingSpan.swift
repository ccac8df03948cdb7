import Synchronization
package import TelemetryCore
package import Tracing

/// A span started by a ``RecordingTracer``; it reports a ``FinishedSpan`` once, when it ends.
package final class RecordingSpan: Span {
    struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var events: [SpanEvent] = []
        var links: [SpanLink] = []
        var errors: [FinishedSpan.RecordedError] = []
        var isRecording = true
    }

    /// The context the span runs in, holding its ``RecordingSpanContext``.
    package let context: ServiceContext
    /// The span's W3C identity.
    package let spanContext: RecordingSpanContext
    /// The parent span's id; nil for a trace root.
    package let parentSpanID: SpanID?
    /// The span kind.
    package let kind: SpanKind

    private let startNanoseconds: UInt64
    private let state: Mutex<State>
    private let onEnd: @Sendable (FinishedSpan) -> Void

    init(
        operationName: String,
        context: ServiceContext,
        spanContext: RecordingSpanContext,
        parentSpanID: SpanID?,
        kind: SpanKind,
        startNanoseconds: UInt64,
        onEnd: @escaping @Sendable (FinishedSpan) -> Void
    ) {
        var context = context
        context.recordingSpanContext = spanContext
        self.context = context
        self.spanContext = spanContext
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startNanoseconds = startNanoseconds
        self.state = Mutex(State(operationName: operationName))
        self.onEnd = onEnd
    }

    /// The operation name; changes after the span ended are ignored.
    package var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { if $0.isRecording { $0.operationName = newValue } } }
    }

    /// The attributes; changes after the span ended are ignored.
    package var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { if $0.isRecording { $0.attributes = newValue } } }
    }

    /// True until the span ends.
    package var isRecording: Bool { state.withLock { $0.isRecording } }

    /// Sets the status.
    package func setStatus(_ status: SpanStatus) {
        state.withLock { if $0.isRecording { $0.status = status } }
    }

    /// Adds an event.
    package func addEvent(_ event: SpanEvent) {
        state.withLock { if $0.isRecording { $0.events.append(event) } }
    }

    /// Adds a link.
    package func addLink(_ link: SpanLink) {
        state.withLock { if $0.isRecording { $0.links.append(link) } }
    }

    /// Records an error as its description and type name.
    package func recordError<Instant: TracerInstant>(
        _ error: any Error,
        attributes: SpanAttributes,
        at instant: @autoclosure () -> Instant
    ) {
        let recorded = FinishedSpan.RecordedError(
            description: String(describing: error),
            typeName: String(reflecting: type(of: error)),
            attributes: attributes
        )
        state.withLock { if $0.isRecording { $0.errors.append(recorded) } }
    }

    /// Ends the span and reports it; later calls do nothing.
    package func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let ended: State? = state.withLock { state in
            guard state.isRecording else { return nil }
            state.isRecording = false
            return state
        }
        guard let ended else { return }
        onEnd(
            FinishedSpan(
                operationName: ended.operationName,
                kind: kind,
                traceID: spanContext.traceID,
                spanID: spanContext.spanID,
                parentSpanID: parentSpanID,
                isSampled: spanContext.isSampled,
                traceState: spanContext.traceState,
                attributes: ended.attributes,
                status: ended.status,
                events: ended.events,
                links: ended.links,
                errors: ended.errors,
                context: context,
                startNanoseconds: startNanoseconds,
                endNanoseconds: instant().nanosecondsSinceEpoch
            )
        )
    }
}
