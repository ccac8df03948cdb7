public import Instrumentation

/// W3C Baggage: application key/value pairs that travel with the trace (for example a saga id).
///
/// Parsing keeps every valid member (percent-decoding values) and skips invalid ones; the list is
/// bounded by the specification's limits: 64 members and 8192 bytes. Members that do not fit are
/// dropped whole, never cut.
///
/// ```swift
/// var baggage = Baggage()
/// baggage["saga.id"] = "7f3c"
/// ServiceContext.current?.baggage?["saga.id"]
/// ```
///
/// - SeeAlso: https://www.w3.org/TR/baggage/
public struct Baggage: Sendable, Hashable {
    /// One list member.
    public struct Entry: Sendable, Hashable {
        /// The key (an RFC 7230 token).
        public var key: String
        /// The decoded value.
        public var value: String
        /// The raw `;`-separated properties after the value, if any.
        public var properties: String?
    }

    /// The header's name.
    public static let headerName = "baggage"
    /// The most members propagated.
    public static let maximumMembers = 64
    /// The most bytes propagated (the encoded header value).
    public static let maximumLength = 8192

    /// The members in order.
    public private(set) var entries: [Entry] = []

    /// An empty baggage.
    public init() {}

    /// Parses one or more header values, skipping invalid members and keeping within the limits.
    public init(headerValues: [String]) {
        var encodedLength = 0
        scan: for headerValue in headerValues {
            for rawMember in headerValue.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                guard entries.count < Self.maximumMembers else { break scan }
                let member = rawMember.trimmingOptionalWhitespace()
                guard let entry = Self.parseMember(member) else { continue }
                let added = member.count + (entries.isEmpty ? 0 : 1)
                guard encodedLength + added <= Self.maximumLength else { break scan }
                encodedLength += added
                entries.removeAll { $0.key == entry.key }
                entries.append(entry)
            }
        }
    }

    /// The value under `key`; setting nil removes it.
    public subscript(key: String) -> String? {
        get { entries.last { $0.key == key }?.value }
        set {
            entries.removeAll { $0.key == key }
            if let newValue { entries.append(Entry(key: key, value: newValue, properties: nil)) }
        }
    }

    /// The encoded header value within the limits, or nil when empty.
    public var headerValue: String? {
        var result = ""
        var count = 0
        for entry in entries where count < Self.maximumMembers {
            var member = entry.key + "=" + Self.percentEncode(entry.value)
            if let properties = entry.properties { member += ";" + properties }
            let added = member.utf8.count + (result.isEmpty ? 0 : 1)
            guard result.utf8.count + added <= Self.maximumLength else { continue }
            if !result.isEmpty { result += "," }
            result += member
            count += 1
        }
        return result.isEmpty ? nil : result
    }

    static func parseMember(_ member: Substring.UTF8View) -> Entry? {
        let semicolon = member.firstIndex(of: UInt8(ascii: ";"))
        let pair = member[member.startIndex..<(semicolon ?? member.endIndex)]
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let key = pair[pair.startIndex..<equals].trimmingOptionalWhitespace()
        let rawValue = pair[pair.index(after: equals)...].trimmingOptionalWhitespace()
        guard !key.isEmpty, key.allSatisfy(\.isTokenCharacter), rawValue.allSatisfy(\.isBaggageOctet),
            let value = percentDecode(rawValue)
        else { return nil }
        var properties: String?
        if let semicolon {
            let rest = member[member.index(after: semicolon)...].trimmingOptionalWhitespace()
            if !rest.isEmpty { properties = String(decoding: rest, as: UTF8.self) }
        }
        return Entry(key: String(decoding: key, as: UTF8.self), value: value, properties: properties)
    }

    static func percentDecode(_ bytes: Substring.UTF8View) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(decoding: bytes, as: UTF8.self) }
        guard let decoded = PercentDecoding.decode(bytes) else { return nil }
        // W3C Baggage: octets that are not UTF-8 MUST become U+FFFD (the member is kept).
        return String(decoding: decoded, as: UTF8.self)
    }

    static func percentEncode(_ value: String) -> String {
        guard !value.utf8.allSatisfy({ $0.isBaggageOctet && $0 != UInt8(ascii: "%") }) else { return value }
        var encoded: [UInt8] = []
        for byte in value.utf8 {
            if byte.isBaggageOctet && byte != UInt8(ascii: "%") {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(HexCoding.upperDigits[Int(byte >> 4)])
                encoded.append(HexCoding.upperDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}

extension UInt8 {
    /// `baggage-octet` from the W3C Baggage grammar (visible ASCII less `"`, `,`, `;`, `\`).
    var isBaggageOctet: Bool {
        self == 0x21 || (0x23...0x2B).contains(self) || (0x2D...0x3A).contains(self)
            || (0x3C...0x5B).contains(self) || (0x5D...0x7E).contains(self)
    }

    /// An RFC 7230 `tchar`.
    var isTokenCharacter: Bool {
        isLowercaseLetter || isDigit || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || "!#$%&'*+-.^_`|~".utf8.contains(self)
    }
}

extension ServiceContext {
    /// The W3C baggage travelling with this context.
    public var baggage: Baggage? {
        get { self[BaggageKey.self] }
        set { self[BaggageKey.self] = newValue }
    }
}

private enum BaggageKey: ServiceContextKey {
    typealias Value = Baggage
    static let nameOverride: String? = "w3c-baggage"
}
