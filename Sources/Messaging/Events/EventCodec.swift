import Foundation

/// Writes and reads ``EventEnvelope``s as JSON, with a size bound and reasons for every refusal.
public struct EventCodec: Sendable {
    /// The envelope format version this code writes and reads.
    public static let specVersion = 1
    /// The default bound on an encoded envelope (1 MiB, Kafka's default message size).
    public static let defaultMaxBytes = 1 << 20

    /// The largest envelope ``header(of:)`` and ``decode(_:from:)`` accept.
    public var maxBytes: Int

    /// Creates a codec.
    public init(maxBytes: Int = EventCodec.defaultMaxBytes) {
        self.maxBytes = maxBytes
    }

    /// The JSON bytes of `envelope`.
    public func encode<Payload>(_ envelope: EventEnvelope<Payload>) throws -> [UInt8] {
        let bytes = try Self.encoder.encode(envelope)
        guard bytes.count <= maxBytes else {
            throw EnvelopeError(.oversized, "the envelope is \(bytes.count) bytes, more than \(maxBytes)")
        }
        return Array(bytes)
    }

    /// The envelope's header: size, JSON shape and format version checked, payload not decoded.
    public func header(of bytes: some Collection<UInt8>) throws(EnvelopeError) -> EnvelopeHeader {
        guard bytes.count <= maxBytes else {
            throw EnvelopeError(.oversized, "the message is \(bytes.count) bytes, more than \(maxBytes)")
        }
        let header: EnvelopeHeader
        do {
            header = try Self.decoder.decode(EnvelopeHeader.self, from: Data(bytes))
        } catch {
            throw EnvelopeError(.malformed, Self.explain(error))
        }
        guard header.specversion == Self.specVersion else {
            throw EnvelopeError(.unsupportedSpecVersion, "specversion \(header.specversion), this code reads \(Self.specVersion)")
        }
        guard !header.id.isEmpty else { throw EnvelopeError(.malformed, "the event id is empty") }
        return header
    }

    /// The typed envelope, when the bytes hold an event of type `E` in the version `E` reads.
    public func decode<E: Event>(_ type: E.Type, from bytes: some Collection<UInt8>) throws(EnvelopeError) -> EventEnvelope<E> {
        let header = try header(of: bytes)
        guard header.type == E.type, header.version == E.version else {
            throw EnvelopeError(.unknownType, "\(header.type) v\(header.version) is not \(E.type) v\(E.version)")
        }
        do {
            return try Self.decoder.decode(EventEnvelope<E>.self, from: Data(bytes))
        } catch {
            throw EnvelopeError(.invalidPayload, Self.explain(error))
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            guard let date = (try? fractional.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an RFC 3339 time")
            }
            return date
        }
        return decoder
    }()

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing field \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "field \(path(context.codingPath)) has the wrong type"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "field \(path(context.codingPath)): \(context.debugDescription)"
        default:
            "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
