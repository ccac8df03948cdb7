/// The W3C Trace Context Level 2 and W3C Baggage processing model over any ``PropagationCarrier``.
///
/// - SeeAlso: https://www.w3.org/TR/trace-context-2/#processing-model, https://www.w3.org/TR/baggage/
public enum W3CPropagation {
    /// What a receiver takes from an incoming call.
    public struct Incoming: Sendable, Hashable {
        /// The caller's span, or nil when the call starts a new trace.
        public var traceParent: TraceParent?
        /// Vendor data; always nil when ``traceParent`` is.
        public var traceState: TraceState?
        /// Application baggage (independent of the trace context).
        public var baggage: Baggage?

        /// Creates an incoming context.
        public init(traceParent: TraceParent? = nil, traceState: TraceState? = nil, baggage: Baggage? = nil) {
            self.traceParent = traceParent
            self.traceState = traceState
            self.baggage = baggage
        }
    }

    /// Reads `traceparent`, `tracestate` and `baggage` from a carrier.
    public static func extract(from carrier: some PropagationCarrier) -> Incoming {
        extract(
            traceParentValues: carrier.values(forName: TraceParent.headerName),
            traceStateValues: carrier.values(forName: TraceState.headerName),
            baggageValues: carrier.values(forName: Baggage.headerName)
        )
    }

    /// Applies the processing model to raw header values.
    ///
    /// Two `traceparent` values restart the trace; an invalid `traceparent` drops `tracestate`;
    /// several `tracestate` or `baggage` values are joined.
    public static func extract(traceParentValues: [String], traceStateValues: [String], baggageValues: [String]) -> Incoming {
        var incoming = Incoming()
        if !baggageValues.isEmpty {
            let baggage = Baggage(headerValues: baggageValues)
            if !baggage.entries.isEmpty { incoming.baggage = baggage }
        }
        guard traceParentValues.count == 1, let traceParent = TraceParent(traceParentValues[0]) else {
            return incoming
        }
        incoming.traceParent = traceParent
        if !traceStateValues.isEmpty, let traceState = TraceState(headerValues: traceStateValues), !traceState.members.isEmpty {
            incoming.traceState = traceState
        }
        return incoming
    }

    /// Writes the outgoing headers, replacing whatever the carrier held under those names.
    public static func inject(
        traceParent: TraceParent,
        traceState: TraceState?,
        baggage: Baggage?,
        into carrier: inout some PropagationCarrier
    ) {
        carrier.setValue(traceParent.headerValue, forName: TraceParent.headerName)
        if let traceState = traceState?.headerValue {
            carrier.setValue(traceState, forName: TraceState.headerName)
        }
        if let baggage = baggage?.headerValue {
            carrier.setValue(baggage, forName: Baggage.headerName)
        }
    }
}
