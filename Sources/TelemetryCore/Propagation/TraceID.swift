/// A 16-byte W3C trace id.
public struct TraceID: Sendable, Hashable, CustomStringConvertible {
    /// The high 8 bytes.
    public var high: UInt64
    /// The low 8 bytes.
    public var low: UInt64

    /// Creates a trace id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A random trace id (never all zero), as the `random` trace flag promises.
    public static func random() -> TraceID {
        var generator = SystemRandomNumberGenerator()
        while true {
            let id = TraceID(high: generator.next(), low: generator.next())
            if id.isValid { return id }
        }
    }

    /// False for the all-zero id, which W3C Trace Context forbids.
    public var isValid: Bool { high != 0 || low != 0 }

    /// 32 lower-case hex digits.
    public var description: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            HexCoding.write(high, count: 16, into: buffer, at: 0)
            HexCoding.write(low, count: 16, into: buffer, at: 16)
            return 32
        }
    }
}

/// An 8-byte W3C span (parent) id.
public struct SpanID: Sendable, Hashable, CustomStringConvertible {
    /// The id's bytes as a big-endian integer.
    public var value: UInt64

    /// Creates a span id.
    public init(_ value: UInt64) { self.value = value }

    /// A random, non-zero span id.
    public static func random() -> SpanID {
        var generator = SystemRandomNumberGenerator()
        while true {
            let value: UInt64 = generator.next()
            if value != 0 { return SpanID(value) }
        }
    }

    /// False for the all-zero id, which W3C Trace Context forbids.
    public var isValid: Bool { value != 0 }

    /// 16 lower-case hex digits.
    public var description: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            HexCoding.write(value, count: 16, into: buffer, at: 0)
            return 16
        }
    }
}

/// W3C trace flags (Level 2): `sampled` (0x01) and `random` (0x02).
public struct TraceFlags: OptionSet, Sendable, Hashable {
    /// The raw flags byte.
    public var rawValue: UInt8
    /// Creates flags from their byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The caller may have recorded this trace.
    public static let sampled = TraceFlags(rawValue: 0x01)
    /// The trace id's right-most 7 bytes are random (W3C Trace Context Level 2).
    public static let random = TraceFlags(rawValue: 0x02)
    /// The flags this version of the specification defines; others are zeroed when we emit.
    public static let defined: TraceFlags = [.sampled, .random]
}
