public import Kafka
public import Storage

/// Publishes outbox rows to Kafka: the ``OutboxPublisher`` an ``OutboxRelay`` uses in production.
///
/// The relay calls ``publish(_:)`` inside its publish span (which continues the trace stored in the
/// row), so the producer's PRODUCER span `send {topic}` is a child of it and the message carries that
/// span's trace context. The row's own trace headers (captured at enqueue) are therefore not copied
/// into the message: they would name a stale parent. Other application headers are copied.
///
/// ```swift
/// let relay = OutboxRelay(database: database, publisher: KafkaOutboxPublisher(producer: producer), logger: logger)
/// ```
public struct KafkaOutboxPublisher: OutboxPublisher {
    /// The trace headers the producer writes itself.
    static let traceHeaders: Set<String> = ["traceparent", "tracestate", "baggage"]

    let producer: KafkaProducer

    /// Publishes through `producer` (run it in the same `ServiceGroup`, before the relay).
    public init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// Sends the row's payload to its topic, keyed by its key, and returns once the broker acknowledged it.
    public func publish(_ message: OutboxMessage) async throws {
        try await producer.send(
            topic: message.topic, key: Array(message.key.utf8), value: message.payload, headers: Self.headers(of: message)
        )
    }

    /// The row's application headers, sorted by name, plus its event id and type.
    package static func headers(of message: OutboxMessage) -> KafkaHeaders {
        var headers = KafkaHeaders()
        for (name, value) in message.headers.fields.sorted(by: { $0.key < $1.key }) where !traceHeaders.contains(name) {
            headers.append(name: name, value: value)
        }
        headers.setValue(message.id, forName: "event.id")
        headers.setValue(message.eventType, forName: "event.type")
        return headers
    }
}
