import Synchronization
public import Tracing

/// A backend span that reports to a ``SpanRecorder`` when it ends (see ``SpanObservingTracer``).
public final class ObservedSpan<Wrapped: Tracing.Span>: Tracing.Span {
    /// The backend's span.
    public let wrapped: Wrapped
    let recorder: any SpanRecorder
    /// The backend span's context (plus the recorder's own ids when the backend gave none).
    public let context: ServiceContext
    let identity: RecorderIdentity
    let parentSpanID: SpanID?
    let kind: SpanKind
    let startNanos: UInt64
    let token: Int
    let state: Mutex<State>

    struct State {
        var name: String
        var isError = false
        var statusMessage: String?
        var ended = false
    }

    init(
        wrapped: Wrapped, recorder: any SpanRecorder, name: String, context: ServiceContext, identity: RecorderIdentity,
        parentSpanID: SpanID?, kind: SpanKind, startNanos: UInt64, token: Int
    ) {
        self.wrapped = wrapped
        self.recorder = recorder
        self.context = context
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.state = Mutex(State(name: name))
        self.kind = kind
        self.startNanos = startNanos
        self.token = token
    }

    /// The span's name (kept here too: a backend that drops the span may forget it).
    public var operationName: String {
        get { state.withLock { $0.name } }
        set {
            state.withLock { $0.name = newValue }
            wrapped.operationName = newValue
        }
    }

    /// Sets the status (kept for the recorder too).
    public func setStatus(_ status: SpanStatus) {
        state.withLock {
            $0.isError = status.code == .error
            $0.statusMessage = status.message
        }
        wrapped.setStatus(status)
    }

    /// Adds an event in the backend.
    public func addEvent(_ event: SpanEvent) {
        wrapped.addEvent(event)
    }

    /// Records an error in the backend.
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        wrapped.recordError(error, attributes: attributes, at: instant())
    }

    /// The backend span's attributes.
    public var attributes: SpanAttributes {
        get { wrapped.attributes }
        set { wrapped.attributes = newValue }
    }

    /// Whether the backend records this span.
    public var isRecording: Bool { wrapped.isRecording }

    /// Adds a link in the backend.
    public func addLink(_ link: SpanLink) {
        wrapped.addLink(link)
    }

    /// Ends the span in the backend, then hands it to the recorder (once).
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let end = instant()
        let status = state.withLock { state -> (Bool, String?, String)? in
            if state.ended { return nil }
            state.ended = true
            return (state.isError, state.statusMessage, state.name)
        }
        let attributes = status != nil && wrapped.isRecording ? wrapped.attributes : [:]
        wrapped.end(at: end)
        guard let status else { return }
        recorder.spanEnded(
            EndedSpan(
                name: status.2, kind: kind, traceID: identity.traceID, spanID: identity.spanID, parentSpanID: parentSpanID,
                startNanos: startNanos, endNanos: end.nanosecondsSinceEpoch, isError: status.0, statusMessage: status.1,
                isSampled: identity.isSampled, attributes: attributes
            ),
            token: token
        )
    }
}
