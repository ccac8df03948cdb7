public import Foundation

/// Everything of an ``EventEnvelope`` but its payload: what a consumer reads before it knows the type.
public struct EnvelopeHeader: Sendable, Equatable, Decodable {
    /// The envelope format's version.
    public var specversion: Int
    /// The event's unique id.
    public var id: String
    /// The payload's type name.
    public var type: String
    /// The payload's schema version.
    public var version: Int
    /// The producing service.
    public var source: String
    /// When the event happened.
    public var time: Date
}
