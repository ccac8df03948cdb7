/// A W3C `traceparent` value, parsed and emitted as W3C Trace Context Level 2 says.
///
/// Parsing never allocates and rejects what the specification calls invalid: version `ff`,
/// upper-case or non-hex digits, all-zero ids, a wrong length. Versions above `00` are parsed
/// leniently (the first 55 characters, then a `-` or the end), and emitted as version `00`.
///
/// ```swift
/// let parent = TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
/// parent?.flags.contains(.sampled) // true
/// ```
///
/// - SeeAlso: https://www.w3.org/TR/trace-context-2/#traceparent-header
public struct TraceParent: Sendable, Hashable {
    /// The trace this call belongs to.
    public var traceID: TraceID
    /// The id of the caller's span (the parent of the span that receives it).
    public var parentID: SpanID
    /// The trace flags; only ``TraceFlags/defined`` bits are emitted.
    public var flags: TraceFlags

    /// The header's name.
    public static let headerName = "traceparent"
    static let length = 55

    /// Creates a traceparent from its parts.
    public init(traceID: TraceID, parentID: SpanID, flags: TraceFlags) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// Parses a header value; nil when the value is invalid and a new trace must start.
    public init?(_ headerValue: some StringProtocol) {
        if let result = headerValue.utf8.withContiguousStorageIfAvailable({ TraceParent.parse($0) }) {
            guard let parsed = result else { return nil }
            self = parsed
        } else {
            var copy = String(headerValue)
            guard let parsed = copy.withUTF8({ TraceParent.parse($0) }) else { return nil }
            self = parsed
        }
    }

    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> TraceParent? {
        var start = 0
        var end = raw.count
        while start < end, raw[start].isOptionalWhitespace { start += 1 }
        while end > start, raw[end - 1].isOptionalWhitespace { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        guard bytes.count >= length else { return nil }
        guard let version = HexCoding.parseUInt64(bytes, from: 0, count: 2), version != 0xFF else { return nil }
        if version == 0 {
            guard bytes.count == length else { return nil }
        } else if bytes.count > length {
            guard bytes[length] == UInt8(ascii: "-") else { return nil }
        }
        let dash = UInt8(ascii: "-")
        guard bytes[2] == dash, bytes[35] == dash, bytes[52] == dash,
            let high = HexCoding.parseUInt64(bytes, from: 3, count: 16),
            let low = HexCoding.parseUInt64(bytes, from: 19, count: 16),
            let parent = HexCoding.parseUInt64(bytes, from: 36, count: 16),
            let flags = HexCoding.parseUInt64(bytes, from: 53, count: 2)
        else { return nil }
        let traceID = TraceID(high: high, low: low)
        guard traceID.isValid, parent != 0 else { return nil }
        return TraceParent(traceID: traceID, parentID: SpanID(parent), flags: TraceFlags(rawValue: UInt8(flags)))
    }

    /// The version `00` header value, with undefined flag bits cleared.
    public var headerValue: String {
        String(unsafeUninitializedCapacity: Self.length) { buffer in
            let dash = UInt8(ascii: "-")
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "0")
            buffer[2] = dash
            HexCoding.write(traceID.high, count: 16, into: buffer, at: 3)
            HexCoding.write(traceID.low, count: 16, into: buffer, at: 19)
            buffer[35] = dash
            HexCoding.write(parentID.value, count: 16, into: buffer, at: 36)
            buffer[52] = dash
            HexCoding.write(UInt64(flags.intersection(.defined).rawValue), count: 2, into: buffer, at: 53)
            return Self.length
        }
    }
}

extension UInt8 {
    /// Space or horizontal tab: the OWS that W3C headers allow around values.
    var isOptionalWhitespace: Bool { self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") }
}
