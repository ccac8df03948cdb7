public import Tracing

/// The kit's tracer: a span backend (swift-otel in production) behind the kit's own W3C propagation.
///
/// Spans are the wrapped tracer's. Propagation is the kit's: incoming headers go through
/// ``W3CPropagation`` (every Level 2 rule, on any carrier) and only a valid, canonical
/// `traceparent`/`tracestate` reaches the backend. Outgoing calls get the current span as parent,
/// the Level 2 `random` flag kept, and the context's ``Baggage``.
///
/// ```swift
/// let backend = try OTel.makeTracingBackend()
/// InstrumentationSystem.bootstrap(KitTracer(wrapping: backend.factory))
/// ```
public struct KitTracer<Wrapped: Tracer>: Tracer {
    /// The backend's span type.
    public typealias Span = Wrapped.Span

    /// The span backend.
    public let wrapped: Wrapped
    /// Baggage keys copied onto every span started in a context that carries them (as OpenTelemetry's
    /// baggage span processor does), so an id that travels as baggage (a saga's order id) is searchable on
    /// each span of every service.
    public let baggageSpanAttributes: [String]

    /// Wraps a span backend that speaks W3C `traceparent`/`tracestate` in its own inject/extract.
    public init(wrapping wrapped: Wrapped, baggageSpanAttributes: [String] = []) {
        self.wrapped = wrapped
        self.baggageSpanAttributes = baggageSpanAttributes
    }

    /// Starts a span in the backend.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> Wrapped.Span {
        let context = context()
        let span = wrapped.startSpan(operationName, context: context, ofKind: kind, at: instant(), function: function, file: fileID, line: line)
        if !baggageSpanAttributes.isEmpty, let baggage = context.baggage {
            for key in baggageSpanAttributes {
                if let value = baggage[key] { span.attributes[key] = value }
            }
        }
        return span
    }

    /// Flushes the backend (deprecated in swift-distributed-tracing; run the backend's service instead).
    @available(*, deprecated)
    public func forceFlush() {
        wrapped.forceFlush()
    }

    /// Reads the incoming context with the W3C processing model and hands the backend its canonical form.
    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        let incoming: W3CPropagation.Incoming
        if let carrier = carrier as? any PropagationCarrier {
            incoming = W3CPropagation.extract(from: carrier)
        } else {
            func values(_ name: String) -> [String] { extractor.extract(key: name, from: carrier).map { [$0] } ?? [] }
            incoming = W3CPropagation.extract(
                traceParentValues: values(TraceParent.headerName),
                traceStateValues: values(TraceState.headerName),
                baggageValues: values(Baggage.headerName)
            )
        }
        if let baggage = incoming.baggage { context.baggage = baggage }
        guard let traceParent = incoming.traceParent else { return }
        context.remoteTraceParent = traceParent
        let canonical = CanonicalTraceHeaders(traceParent: traceParent.headerValue, traceState: incoming.traceState?.headerValue)
        wrapped.extract(canonical, into: &context, using: CanonicalTraceHeaders.Accessor())
    }

    /// Writes the current span as parent (a new parent id on every call), its trace state, and the baggage.
    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        if let identity = identity(of: context) {
            injector.inject(identity.traceParent.headerValue, forKey: TraceParent.headerName, into: &carrier)
            if let traceState = identity.traceState.flatMap({ TraceState(headerValues: [$0]) })?.headerValue {
                injector.inject(traceState, forKey: TraceState.headerName, into: &carrier)
            }
        }
        if let baggage = context.baggage?.headerValue {
            injector.inject(baggage, forKey: Baggage.headerName, into: &carrier)
        }
    }

    /// The trace id, span id and flags of the span (or remote parent) that `context` carries.
    ///
    /// Used for exemplars and log correlation; nil outside any trace.
    public func identity(of context: ServiceContext) -> SpanIdentity? {
        var captured = CanonicalTraceHeaders()
        wrapped.inject(context, into: &captured, using: CanonicalTraceHeaders.Accessor())
        guard let traceParentValue = captured.traceParent, var traceParent = TraceParent(traceParentValue) else {
            return nil
        }
        // The backend may not know W3C Level 2's `random` flag: keep the caller's, and set it on
        // traces the backend rooted itself (its ids are random).
        let remote = context.remoteTraceParent
        if remote == nil || remote?.traceID != traceParent.traceID || remote?.flags.contains(.random) == true {
            traceParent.flags.insert(.random)
        } else {
            traceParent.flags.remove(.random)
        }
        return SpanIdentity(traceParent: traceParent, traceState: captured.traceState)
    }
}

/// The W3C identity of a span: what goes into `traceparent` when it is the parent.
public struct SpanIdentity: Sendable, Hashable {
    /// The span as a `traceparent` (its id is the parent id).
    public var traceParent: TraceParent
    /// The raw `tracestate` the backend keeps for the trace.
    public var traceState: String?

    /// Creates an identity.
    public init(traceParent: TraceParent, traceState: String? = nil) {
        self.traceParent = traceParent
        self.traceState = traceState
    }

    /// The trace id.
    public var traceID: TraceID { traceParent.traceID }
    /// The span id.
    public var spanID: SpanID { traceParent.parentID }
    /// Whether the span is sampled (exported).
    public var isSampled: Bool { traceParent.flags.contains(.sampled) }
}

/// A two-field carrier the kit uses to talk W3C with its backend.
struct CanonicalTraceHeaders: Sendable {
    var traceParent: String?
    var traceState: String?

    struct Accessor: Extractor, Injector {
        func extract(key: String, from carrier: CanonicalTraceHeaders) -> String? {
            switch key {
            case TraceParent.headerName: carrier.traceParent
            case TraceState.headerName: carrier.traceState
            default: nil
            }
        }

        func inject(_ value: String, forKey key: String, into carrier: inout CanonicalTraceHeaders) {
            switch key {
            case TraceParent.headerName: carrier.traceParent = value
            case TraceState.headerName: carrier.traceState = value
            default: break
            }
        }
    }
}

extension ServiceContext {
    /// The `traceparent` this context was extracted from, kept for the `random` flag.
    var remoteTraceParent: TraceParent? {
        get { self[RemoteTraceParentKey.self] }
        set { self[RemoteTraceParentKey.self] = newValue }
    }
}

private enum RemoteTraceParentKey: ServiceContextKey {
    typealias Value = TraceParent
    static let nameOverride: String? = "w3c-remote-traceparent"
}
