public import Kafka
public import Storage
import Tracing

/// Publishes outbox rows to Kafka: the ``OutboxPublisher`` an ``OutboxRelay`` uses in production.
///
/// The relay hands it each claimed batch, every row with the context of its publish span (which
/// continues the trace stored in the row); the message carries that span's trace context (a single
/// row's message carries its `send {topic}` span's). The row's own trace headers (captured at enqueue) are therefore not copied
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

    /// Sends a claimed batch with one ``KafkaProducer/send(_:)``: one PRODUCER span `send {topic}` for
    /// the batch, linking each row's publish span, whose trace context each message carries (so its
    /// consumer continues the row's trace). A batch of one is sent inside its row's publish span instead
    /// (the send span is then the message's parent, as for the one-message `publish(_:)`).
    ///
    /// Rows go to librdkafka in `seq` order, so rows of one key keep their order in their partition.
    public func publish(_ batch: [OutboxPublication]) async -> [Result<Void, any Error>] {
        if batch.count == 1 {
            let publication = batch[0]
            do {
                try await ServiceContext.$current.withValue(publication.context) { try await publish(publication.message) }
                return [.success(())]
            } catch {
                return [.failure(error)]
            }
        }
        let messages = batch.map { publication in
            KafkaOutgoingMessage(
                topic: publication.message.topic, key: Array(publication.message.key.utf8), value: publication.message.payload,
                headers: Self.headers(of: publication.message), context: publication.context
            )
        }
        return await producer.send(messages).map { result in result.map { _ in () }.mapError { $0 as any Error } }
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
