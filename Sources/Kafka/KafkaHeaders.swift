public import TelemetryCore

/// Kafka record headers: an ordered list of name/value pairs, names may repeat.
///
/// It is the trace-context carrier of Kafka messages: names compare case-insensitively (as
/// ``PropagationCarrier`` requires), values are the UTF-8 text of the header bytes.
public struct KafkaHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header.
    public struct Header: Sendable, Hashable {
        /// The header name as sent.
        public var name: String
        /// The raw value bytes.
        public var value: [UInt8]

        /// Creates a header from raw bytes.
        public init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }

        /// Creates a header from text (stored as UTF-8).
        public init(name: String, value: String) {
            self.init(name: name, value: Array(value.utf8))
        }
    }

    /// The headers in order.
    public private(set) var headers: [Header]

    /// Creates headers from a list.
    public init(_ headers: [Header] = []) {
        self.headers = headers
    }

    /// Creates headers from `name: value` text pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { Header(name: $0.0, value: $0.1) })
    }

    /// The number of headers.
    public var count: Int { headers.count }

    /// Iterates the headers in order.
    public func makeIterator() -> IndexingIterator<[Header]> {
        headers.makeIterator()
    }

    /// Appends a header, keeping any with the same name.
    public mutating func append(name: String, value: [UInt8]) {
        headers.append(Header(name: name, value: value))
    }

    /// Appends a text header, keeping any with the same name.
    public mutating func append(name: String, value: String) {
        headers.append(Header(name: name, value: value))
    }

    /// The first value under `name` as text, compared case-insensitively.
    public subscript(name: String) -> String? {
        values(forName: name).first
    }
}

extension KafkaHeaders: PropagationCarrier {
    /// Every value under `name` (compared case-insensitively) as UTF-8 text, in order.
    public func values(forName name: String) -> [String] {
        var result: [String] = []
        for header in headers where Self.equalIgnoringCase(header.name, name) {
            result.append(String(decoding: header.value, as: UTF8.self))
        }
        return result
    }

    /// Replaces every header under `name` (compared case-insensitively) with one `name: value`.
    public mutating func setValue(_ value: String, forName name: String) {
        headers.removeAll { Self.equalIgnoringCase($0.name, name) }
        headers.append(Header(name: name, value: value))
    }

    static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { a, b in
            a == b || (a ^ 0x20 == b && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
    }
}

extension KafkaHeaders {
    /// Whether a header named `name` (compared case-insensitively) is present.
    func containsName(_ name: String) -> Bool {
        headers.contains { Self.equalIgnoringCase($0.name, name) }
    }
}
