import Foundation
public import GRPCCore

/// Encodes and decodes gRPC messages as JSON, for services whose contracts are not protobuf yet.
public struct JSONMessageCoder<Message: Codable & Sendable>: MessageSerializer, MessageDeserializer {
    /// Creates a coder.
    public init() {}

    /// Encodes one message.
    public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        Bytes(try JSONEncoder().encode(message))
    }

    /// Decodes one message.
    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        try serializedMessageBytes.withUnsafeBytes { try JSONDecoder().decode(Message.self, from: Data($0)) }
    }
}
