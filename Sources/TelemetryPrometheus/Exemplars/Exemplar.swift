import TelemetryCore

/// One observation linked to the sampled span that made it, as OpenMetrics attaches it to a bucket.
///
/// Kept in binary form; the hex ids are written only when a scrape renders it.
///
/// - SeeAlso: https://github.com/prometheus/OpenMetrics/blob/v1.0.0/specification/OpenMetrics.md#exemplars
struct Exemplar: Sendable, Hashable {
    /// The trace the span belongs to.
    var traceID: TraceID
    /// The span that recorded the observation.
    var spanID: SpanID
    /// The observed value (seconds for timers).
    var value: Double
    /// When it was observed, in nanoseconds since the Unix epoch.
    var unixNanoseconds: Int64

    /// Appends ` # {trace_id="…",span_id="…"} value timestamp` (the line's newline is the caller's).
    func write(into buffer: inout [UInt8]) {
        buffer.append(#" # {trace_id=""#)
        buffer.appendHex(traceID.high, count: 16)
        buffer.appendHex(traceID.low, count: 16)
        buffer.append(#"",span_id=""#)
        buffer.appendHex(spanID.value, count: 16)
        buffer.append(#""} "#)
        buffer.appendNumber(value)
        buffer.append(UInt8(ascii: " "))
        buffer.appendUnixSeconds(nanoseconds: unixNanoseconds)
    }
}
