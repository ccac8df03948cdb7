/// Why a message is not a readable event: the reason a consumer dead-letters it.
public struct EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, stable enough for the `dlq.reason` header and for alerts.
    public enum Code: String, Sendable {
        /// The message is larger than the consumer accepts.
        case oversized = "oversized-payload"
        /// The bytes are not a JSON envelope, or a required field is missing or has the wrong type.
        case malformed = "malformed-envelope"
        /// The envelope format's version is not one this code reads.
        case unsupportedSpecVersion = "unsupported-envelope-version"
        /// No handler knows this event type (or this version of it).
        case unknownType = "unknown-event-type"
        /// The envelope is fine but the payload does not match its type's schema.
        case invalidPayload = "invalid-payload"
    }

    /// The kind of problem.
    public var code: Code
    /// What exactly was wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
