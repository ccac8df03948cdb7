public import Tracing

/// One message for ``KafkaProducer/send(_:)``: where it goes, its key, payload and headers.
///
/// ``context`` is the message's creation context when it has its own (e.g. the trace stored with an
/// outbox row): its trace context goes into the headers instead of the batch span's, and the batch
/// span links to it (OpenTelemetry messaging conventions for batches).
public struct KafkaOutgoingMessage: Sendable {
    /// The destination topic.
    public var topic: String
    /// The key (partitioning and compaction), if any.
    public var key: [UInt8]?
    /// The payload.
    public var value: [UInt8]
    /// Application headers; trace headers (`traceparent`, `tracestate`, `baggage`) are written by the producer.
    public var headers: KafkaHeaders
    /// The message's own creation context, if it has one; nil sends it in the batch span's context.
    public var context: ServiceContext?

    /// Creates a message.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: KafkaHeaders = KafkaHeaders(), context: ServiceContext? = nil) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.context = context
    }
}
