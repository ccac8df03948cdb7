/// One input of the shared carrier conformance suite and what must come out of it.
///
/// The incoming pairs go into a carrier in order, exactly as given (names keep their case), the
/// kit extracts them and starts a server span, then injects that span into an empty carrier.
package struct PropagationConformanceCase: Sendable, CustomStringConvertible {
    /// What happens to the caller's trace.
    package enum Trace: Sendable, Equatable {
        /// The server span continues the caller's trace as a child of `parentID`.
        case continues(traceID: String, parentID: String)
        /// The incoming `traceparent` is absent or invalid: the server span roots a new trace.
        case restarts
    }

    /// What the case checks, in a few words.
    package let name: String
    /// The incoming header name/value pairs, in order.
    package let incoming: [(name: String, value: String)]
    /// Whether the trace continues, and from which parent.
    package let trace: Trace
    /// The two hex digits of the outgoing `traceparent`'s flags.
    package let outgoingFlags: String
    /// The exact outgoing `tracestate` value, or nil when none may be sent.
    package let outgoingTraceState: String?
    /// The exact outgoing `baggage` value, or nil when none may be sent.
    package let outgoingBaggage: String?

    /// Creates a case.
    package init(
        name: String,
        incoming: [(name: String, value: String)],
        trace: Trace,
        outgoingFlags: String,
        outgoingTraceState: String? = nil,
        outgoingBaggage: String? = nil
    ) {
        self.name = name
        self.incoming = incoming
        self.trace = trace
        self.outgoingFlags = outgoingFlags
        self.outgoingTraceState = outgoingTraceState
        self.outgoingBaggage = outgoingBaggage
    }

    /// The case's name (the inputs can be megabytes long).
    package var description: String { name }
}
