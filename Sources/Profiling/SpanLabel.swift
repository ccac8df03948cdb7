/// The span a thread works for, attached to the CPU samples taken on that thread as the pprof labels
/// `trace_id` and `span_id` (lowercase hex, as in `traceparent`).
///
/// Set it with ``CPUProfiler/withSpanLabel(_:_:)`` around synchronous work, or with
/// ``CPUProfiler/setCurrentSpanLabel(_:)`` when a span becomes active on the thread.
public struct SpanLabel: Sendable, Hashable {
    /// The trace id's first 8 bytes, big-endian.
    public var traceIDHigh: UInt64
    /// The trace id's last 8 bytes, big-endian.
    public var traceIDLow: UInt64
    /// The span id; never zero (zero means "no span").
    public var spanID: UInt64

    /// Creates a label from the ids' numeric halves; nil when `spanID` is zero.
    public init?(traceIDHigh: UInt64, traceIDLow: UInt64, spanID: UInt64) {
        guard spanID != 0 else { return nil }
        self.traceIDHigh = traceIDHigh
        self.traceIDLow = traceIDLow
        self.spanID = spanID
    }

    /// Creates a label from the hex forms (32 and 16 hex digits); nil when either is malformed or zero.
    public init?(traceID: String, spanID: String) {
        func isHex(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte) }
        guard traceID.utf8.count == 32, spanID.utf8.count == 16, traceID.utf8.allSatisfy(isHex), spanID.utf8.allSatisfy(isHex),
            let high = UInt64(traceID.prefix(16), radix: 16), let low = UInt64(traceID.suffix(16), radix: 16),
            let span = UInt64(spanID, radix: 16)
        else { return nil }
        self.init(traceIDHigh: high, traceIDLow: low, spanID: span)
    }

    /// The trace id as 32 lowercase hex digits.
    public var traceIDHex: String { Self.hex(traceIDHigh) + Self.hex(traceIDLow) }
    /// The span id as 16 lowercase hex digits.
    public var spanIDHex: String { Self.hex(spanID) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
