public import Foundation

/// The versioned envelope every event travels in: who sent what, when, under which id.
///
/// The envelope's JSON form (``EventCodec`` writes and reads it) is:
///
/// ```json
/// {"specversion":1,"id":"6f1c…","type":"checkout.order.created","version":1,
///  "source":"checkout","time":"2026-11-24T21:00:00.000Z","data":{…}}
/// ```
///
/// `id` is unique per event and is what idempotent consumers deduplicate on; `type` and `version`
/// name the payload schema; `source` is the producing service.
public struct EventEnvelope<Payload: Codable & Sendable>: Codable, Sendable {
    /// The envelope format's own version.
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
    /// The payload.
    public var data: Payload

    /// Creates an envelope.
    public init(id: String, type: String, version: Int, source: String, time: Date, data: Payload) {
        specversion = EventCodec.specVersion
        self.id = id
        self.type = type
        self.version = version
        self.source = source
        self.time = time
        self.data = data
    }
}

extension EventEnvelope where Payload: Event {
    /// An envelope for `event` with a fresh id.
    public init(_ event: Payload, source: String, id: String = UUID().uuidString.lowercased(), time: Date = Date()) {
        self.init(id: id, type: Payload.type, version: Payload.version, source: source, time: time, data: event)
    }
}
