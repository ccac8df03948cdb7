import Tracing
import TelemetryCore

/// Decides, on the recording path, whether an observation gets an exemplar, and builds it.
///
/// Only observations made inside a sampled span qualify. The cost outside a span is one task-local
/// read; inside one it is the injected identity lookup and a clock read, with no string building.
struct ExemplarSampler: Sendable {
    /// The identity of the span a context carries (the runtime passes `KitTracer.identity(of:)`).
    let spanIdentity: @Sendable (ServiceContext) -> SpanIdentity?
    /// Now, in nanoseconds since the Unix epoch.
    let unixNanoseconds: @Sendable () -> Int64

    /// An exemplar for `value` if the current task is inside a sampled span.
    @inline(__always)
    func exemplar(value: @autoclosure () -> Double) -> Exemplar? {
        guard let context = ServiceContext.current,
            let identity = spanIdentity(context),
            identity.isSampled
        else { return nil }
        return Exemplar(
            traceID: identity.traceID,
            spanID: identity.spanID,
            value: value(),
            unixNanoseconds: unixNanoseconds()
        )
    }
}
