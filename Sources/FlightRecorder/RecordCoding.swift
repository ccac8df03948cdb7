import Logging
import TelemetryCore
import Tracing

/// The binary layout of each record kind: encoding (hot path, no allocation) and decoding (dump time).
enum RecordCoding {
    static let levels = Logger.Level.allCases

    static func kindCode(_ kind: SpanKind) -> UInt8 {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    static func encode(_ span: EndedSpan, into writer: inout ByteWriter) {
        writer.u64(span.traceID?.high ?? 0)
        writer.u64(span.traceID?.low ?? 0)
        writer.u64(span.spanID?.value ?? 0)
        writer.u64(span.parentSpanID?.value ?? 0)
        writer.u64(span.startNanos)
        writer.u64(span.endNanos)
        writer.u8(kindCode(span.kind))
        writer.u8((span.isError ? 1 : 0) | (span.isSampled ? 2 : 0))
        writer.text(span.name)
        writer.text(span.statusMessage ?? "", limit: RecordLimits.longText)
        let countOffset = writer.count
        writer.u8(0)
        var count: UInt8 = 0
        span.attributes.forEach { key, attribute in
            guard Int(count) < RecordLimits.pairs else { return }
            switch attribute {
            case .string(let value):
                writer.text(key); writer.u8(1); writer.text(value)
            case .int64(let value):
                writer.text(key); writer.u8(2); writer.u64(UInt64(bitPattern: value))
            case .int32(let value):
                writer.text(key); writer.u8(2); writer.u64(UInt64(bitPattern: Int64(value)))
            case .double(let value):
                writer.text(key); writer.u8(3); writer.u64(value.bitPattern)
            case .bool(let value):
                writer.text(key); writer.u8(4); writer.u64(value ? 1 : 0)
            default:
                return
            }
            count += 1
        }
        writer.base.storeBytes(of: count, toByteOffset: countOffset, as: UInt8.self)
    }

    static func encodeLog(
        level: Logger.Level, label: String, message: String, source: String, identity: SpanIdentity?,
        metadata: Logger.Metadata?, into writer: inout ByteWriter
    ) {
        writer.u8(UInt8(levels.firstIndex(of: level) ?? 0))
        writer.u64(identity?.traceID.high ?? 0)
        writer.u64(identity?.traceID.low ?? 0)
        writer.u64(identity?.spanID.value ?? 0)
        writer.text(label)
        writer.text(message, limit: RecordLimits.longText)
        writer.text(source)
        let countOffset = writer.count
        writer.u8(0)
        var count: UInt8 = 0
        for (key, value) in metadata ?? [:] where Int(count) < RecordLimits.pairs {
            writer.text(key)
            if case .string(let text) = value { writer.text(text) } else { writer.text(value.description) }
            count += 1
        }
        writer.base.storeBytes(of: count, toByteOffset: countOffset, as: UInt8.self)
    }

    static func encode(_ event: TaskEvent, into writer: inout ByteWriter) {
        writer.u8(event.phase.rawValue)
        writer.u64(event.taskID)
        writer.u64(event.traceID?.high ?? 0)
        writer.u64(event.traceID?.low ?? 0)
        writer.text(event.name)
        writer.text(event.site)
    }

    static func encode(_ sample: RuntimeSample, into writer: inout ByteWriter) {
        writer.u64(sample.cpuNanos)
        writer.u64(sample.residentBytes)
        writer.u64(UInt64(sample.threads))
        writer.u64(UInt64(sample.openFileDescriptors))
        writer.u64(sample.liveTasks.map { UInt64($0) } ?? .max)
        writer.u64(sample.eventLoopLagNanos ?? .max)
    }

    /// Every record of a snapshot, oldest first, as owned values (the views of ``RecordViews`` copied out).
    static func decode(_ bytes: [UInt8]) -> [DecodedRecord] {
        bytes.withUnsafeBytes { raw in
            var records: [DecodedRecord] = []
            RecordViews.forEach(in: raw) { kind, time, reader in
                switch kind {
                case .span: records.append(.span(SpanRecord(SpanView(&reader))))
                case .log: records.append(.log(LogRecord(LogView(&reader), time: time)))
                case .task: records.append(.task(TaskEvent(TaskView(&reader), time: time)))
                case .sample: records.append(.sample(decodeSample(&reader, time: time)))
                }
            }
            return records
        }
    }

    static func decodeSample(_ reader: inout ByteReader, time: UInt64) -> RuntimeSample {
        let cpu = reader.u64(), rss = reader.u64(), threads = reader.u64(), fds = reader.u64()
        let live = reader.u64(), lag = reader.u64()
        return RuntimeSample(
            timeNanos: time, cpuNanos: cpu, residentBytes: rss, threads: Int(threads), openFileDescriptors: Int(fds),
            liveTasks: live == .max ? nil : Int(live), eventLoopLagNanos: lag == .max ? nil : lag
        )
    }
}
