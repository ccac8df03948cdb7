import Logging

/// A record read back out of the ring (at dump time).
enum DecodedRecord {
    case span(SpanRecord)
    case log(LogRecord)
    case task(TaskEvent)
    case sample(RuntimeSample)
}

/// An attribute value as the ring keeps it.
enum AttributeValue: Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
}

/// A finished span read back from the ring.
struct SpanRecord {
    var name: String
    var kind: UInt8
    var traceHigh: UInt64
    var traceLow: UInt64
    var spanID: UInt64
    var parentSpanID: UInt64
    var startNanos: UInt64
    var endNanos: UInt64
    var isError: Bool
    var isSampled: Bool
    var statusMessage: String
    var attributes: [(String, AttributeValue)]

    var durationNanos: UInt64 { endNanos >= startNanos ? endNanos - startNanos : 0 }
}

/// A log record read back from the ring.
struct LogRecord {
    var timeNanos: UInt64
    var level: Logger.Level
    var label: String
    var message: String
    var source: String
    var traceHigh: UInt64
    var traceLow: UInt64
    var spanID: UInt64
    var metadata: [(String, String)]
}
