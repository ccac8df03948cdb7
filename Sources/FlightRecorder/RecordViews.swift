/// Records read in place from a snapshot's bytes, for rendering dumps without building Strings or arrays:
/// texts are views of the snapshot (valid while its bytes are).
enum RecordViews {
    /// Calls `body` for every whole record of `bytes`, oldest first, with a reader at the record's body.
    static func forEach(in bytes: UnsafeRawBufferPointer, _ body: (RecordKind, UInt64, inout ByteReader) -> Void) {
        var offset = 0
        while offset + RecordLimits.header <= bytes.count {
            var reader = ByteReader(bytes, offset: offset)
            let length = Int(reader.u32())
            guard length >= RecordLimits.header, offset + length <= bytes.count else { return }
            let kind = RecordKind(rawValue: reader.u8())
            let time = reader.u64()
            if let kind { body(kind, time, &reader) }
            offset += length
        }
    }
}

/// An attribute value as the ring keeps it, read in place.
enum AttributeView {
    case string(UnsafeRawBufferPointer)
    case int(Int64)
    case double(Double)
    case bool(Bool)
}

/// A finished span read in place.
struct SpanView {
    var traceHigh: UInt64
    var traceLow: UInt64
    var spanID: UInt64
    var parentSpanID: UInt64
    var startNanos: UInt64
    var endNanos: UInt64
    var kind: UInt8
    var isError: Bool
    var isSampled: Bool
    var name: UnsafeRawBufferPointer
    var statusMessage: UnsafeRawBufferPointer
    /// The attributes, read one by one with ``Attributes/next()``.
    var attributes: Attributes

    var durationNanos: UInt64 { endNanos >= startNanos ? endNanos - startNanos : 0 }

    struct Attributes {
        var reader: ByteReader
        var remaining: Int

        mutating func next() -> (key: UnsafeRawBufferPointer, value: AttributeView)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = reader.textBytes()
            switch reader.u8() {
            case 1: return (key, .string(reader.textBytes()))
            case 2: return (key, .int(Int64(bitPattern: reader.u64())))
            case 3: return (key, .double(Double(bitPattern: reader.u64())))
            default: return (key, .bool(reader.u64() != 0))
            }
        }
    }

    init(_ reader: inout ByteReader) {
        traceHigh = reader.u64()
        traceLow = reader.u64()
        spanID = reader.u64()
        parentSpanID = reader.u64()
        startNanos = reader.u64()
        endNanos = reader.u64()
        kind = reader.u8()
        let flags = reader.u8()
        isError = flags & 1 != 0
        isSampled = flags & 2 != 0
        name = reader.textBytes()
        statusMessage = reader.textBytes()
        let count = Int(reader.u8())
        attributes = Attributes(reader: reader, remaining: count)
    }
}

/// A log record read in place.
struct LogView {
    var levelIndex: Int
    var traceHigh: UInt64
    var traceLow: UInt64
    var spanID: UInt64
    var label: UnsafeRawBufferPointer
    var message: UnsafeRawBufferPointer
    var source: UnsafeRawBufferPointer
    var metadata: Metadata

    struct Metadata {
        var reader: ByteReader
        var remaining: Int

        mutating func next() -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return (reader.textBytes(), reader.textBytes())
        }
    }

    init(_ reader: inout ByteReader) {
        levelIndex = Int(reader.u8())
        traceHigh = reader.u64()
        traceLow = reader.u64()
        spanID = reader.u64()
        label = reader.textBytes()
        message = reader.textBytes()
        source = reader.textBytes()
        let count = Int(reader.u8())
        metadata = Metadata(reader: reader, remaining: count)
    }
}

/// A tracked-task event read in place.
struct TaskView {
    var phase: TaskEvent.Phase
    var taskID: UInt64
    var traceHigh: UInt64
    var traceLow: UInt64
    var name: UnsafeRawBufferPointer
    var site: UnsafeRawBufferPointer

    init(_ reader: inout ByteReader) {
        phase = TaskEvent.Phase(rawValue: reader.u8()) ?? .started
        taskID = reader.u64()
        traceHigh = reader.u64()
        traceLow = reader.u64()
        name = reader.textBytes()
        site = reader.textBytes()
    }
}

extension ByteReader {
    /// A text field as a view of the snapshot's bytes.
    mutating func textBytes() -> UnsafeRawBufferPointer {
        let length = Int(u16())
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }
}
