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

    /// Every record of a snapshot, oldest first.
    static func decode(_ bytes: [UInt8]) -> [DecodedRecord] {
        bytes.withUnsafeBytes { raw in
            var records: [DecodedRecord] = []
            var offset = 0
            while offset + RecordLimits.header <= raw.count {
                var reader = ByteReader(raw, offset: offset)
                let length = Int(reader.u32())
                guard length >= RecordLimits.header, offset + length <= raw.count else { break }
                let kind = RecordKind(rawValue: reader.u8())
                let time = reader.u64()
                switch kind {
                case .span: records.append(.span(decodeSpan(&reader)))
                case .log: records.append(.log(decodeLog(&reader, time: time)))
                case .task: records.append(.task(decodeTask(&reader, time: time)))
                case .sample: records.append(.sample(decodeSample(&reader, time: time)))
                case nil: break
                }
                offset += length
            }
            return records
        }
    }

    static func decodeSpan(_ reader: inout ByteReader) -> SpanRecord {
        let traceHigh = reader.u64(), traceLow = reader.u64(), spanID = reader.u64(), parent = reader.u64()
        let start = reader.u64(), end = reader.u64()
        let kind = reader.u8(), flags = reader.u8()
        let name = reader.text(), status = reader.text()
        var attributes: [(String, AttributeValue)] = []
        for _ in 0..<reader.u8() {
            let key = reader.text()
            switch reader.u8() {
            case 1: attributes.append((key, .string(reader.text())))
            case 2: attributes.append((key, .int(Int64(bitPattern: reader.u64()))))
            case 3: attributes.append((key, .double(Double(bitPattern: reader.u64()))))
            default: attributes.append((key, .bool(reader.u64() != 0)))
            }
        }
        return SpanRecord(
            name: name, kind: kind, traceHigh: traceHigh, traceLow: traceLow, spanID: spanID, parentSpanID: parent,
            startNanos: start, endNanos: end, isError: flags & 1 != 0, isSampled: flags & 2 != 0, statusMessage: status,
            attributes: attributes
        )
    }

    static func decodeLog(_ reader: inout ByteReader, time: UInt64) -> LogRecord {
        let levelIndex = Int(reader.u8())
        let traceHigh = reader.u64(), traceLow = reader.u64(), spanID = reader.u64()
        let label = reader.text(), message = reader.text(), source = reader.text()
        var metadata: [(String, String)] = []
        for _ in 0..<reader.u8() { metadata.append((reader.text(), reader.text())) }
        return LogRecord(
            timeNanos: time, level: levels[min(levelIndex, levels.count - 1)], label: label, message: message, source: source,
            traceHigh: traceHigh, traceLow: traceLow, spanID: spanID, metadata: metadata
        )
    }

    static func decodeTask(_ reader: inout ByteReader, time: UInt64) -> TaskEvent {
        let phase = TaskEvent.Phase(rawValue: reader.u8()) ?? .started
        let id = reader.u64(), high = reader.u64(), low = reader.u64()
        let name = reader.text(), site = reader.text()
        let trace = TraceID(high: high, low: low)
        return TaskEvent(phase: phase, taskID: id, name: name, site: site, traceID: trace.isValid ? trace : nil, timeNanos: time)
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
