import Logging
import TelemetryCore

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

extension String {
    /// A text field of a record view, copied.
    init(record bytes: UnsafeRawBufferPointer) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}

extension SpanRecord {
    /// The span `view` shows, copied out of the snapshot.
    init(_ view: SpanView) {
        var attributes: [(String, AttributeValue)] = []
        var reading = view.attributes
        while let (key, value) = reading.next() {
            let owned: AttributeValue = switch value {
            case .string(let text): .string(String(record: text))
            case .int(let number): .int(number)
            case .double(let number): .double(number)
            case .bool(let flag): .bool(flag)
            }
            attributes.append((String(record: key), owned))
        }
        self.init(
            name: String(record: view.name), kind: view.kind, traceHigh: view.traceHigh, traceLow: view.traceLow,
            spanID: view.spanID, parentSpanID: view.parentSpanID, startNanos: view.startNanos, endNanos: view.endNanos,
            isError: view.isError, isSampled: view.isSampled, statusMessage: String(record: view.statusMessage), attributes: attributes
        )
    }
}

extension LogRecord {
    /// The log record `view` shows, copied out of the snapshot.
    init(_ view: LogView, time: UInt64) {
        var metadata: [(String, String)] = []
        var reading = view.metadata
        while let (key, value) = reading.next() { metadata.append((String(record: key), String(record: value))) }
        self.init(
            timeNanos: time, level: RecordCoding.levels[min(view.levelIndex, RecordCoding.levels.count - 1)],
            label: String(record: view.label), message: String(record: view.message), source: String(record: view.source),
            traceHigh: view.traceHigh, traceLow: view.traceLow, spanID: view.spanID, metadata: metadata
        )
    }
}

extension TaskEvent {
    /// The task event `view` shows, copied out of the snapshot.
    init(_ view: TaskView, time: UInt64) {
        let trace = TraceID(high: view.traceHigh, low: view.traceLow)
        self.init(
            phase: view.phase, taskID: view.taskID, name: String(record: view.name), site: String(record: view.site),
            traceID: trace.isValid ? trace : nil, timeNanos: time
        )
    }
}
