public import Tracing

/// A tracer that can say which span a context carries: for exemplars and log correlation.
public protocol IdentifyingTracer: Tracer {
    /// The trace id, span id and flags of the span (or remote parent) in `context`; nil outside any trace.
    func identity(of context: ServiceContext) -> SpanIdentity?
}

extension KitTracer: IdentifyingTracer {}
