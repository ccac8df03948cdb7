public import TelemetryCore

/// Message headers stored with an outbox row: the trace context (`traceparent`, `tracestate`,
/// `baggage`) captured at enqueue, plus any application headers. Names are case-insensitive.
public struct OutboxHeaders: PropagationCarrier, Hashable, ExpressibleByDictionaryLiteral {
    /// Header values by lower-cased name.
    public private(set) var fields: [String: String]

    /// Creates headers from `name: value` pairs.
    public init(_ fields: [String: String] = [:]) {
        self.fields = [:]
        for (name, value) in fields { setValue(value, forName: name) }
    }

    /// Creates headers from a literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The value under `name`, if any, as a one-element array.
    public func values(forName name: String) -> [String] {
        fields[name.lowercased()].map { [$0] } ?? []
    }

    /// Replaces the value under `name`.
    public mutating func setValue(_ value: String, forName name: String) {
        fields[name.lowercased()] = value
    }

    /// One `name=value` line per header, sorted by name; `%`, `=` and line breaks percent-encoded.
    var encoded: String {
        fields.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.joined(separator: "\n")
    }

    /// Reads ``encoded`` text back (malformed lines are skipped).
    init(encoded: String) {
        self.fields = [:]
        for line in encoded.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[Self.unescape(line[..<equals])] = Self.unescape(line[line.index(after: equals)...])
        }
    }

    private static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x25 || $0 == 0x3D || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var output = ""
        for character in text {
            switch character {
            case "%": output += "%25"
            case "=": output += "%3D"
            case "\n": output += "%0A"
            case "\r": output += "%0D"
            case "\r\n": output += "%0D%0A"
            default: output.append(character)
            }
        }
        return output
    }

    private static func unescape(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        return String(text).replacing("%0D", with: "\r").replacing("%0A", with: "\n").replacing("%3D", with: "=").replacing("%25", with: "%")
    }
}
