import Kafka
package import Messaging

/// Delivers envelopes to an ``EventConsumer`` as Kafka messages would arrive (the consumer's real
/// decode -> inbox -> handler path, without a broker).
package struct EnvelopeDelivery: Sendable {
    let consumer: EventConsumer
    let codec = EventCodec()

    package init(consumer: EventConsumer) {
        self.consumer = consumer
    }

    /// Delivers `envelope` on `topic` (keyed by `key`).
    package func deliver<E: Event>(_ envelope: EventEnvelope<E>, topic: String, key: String) async throws {
        let message = KafkaMessage(topic: topic, partition: 0, offset: 0, key: Array(key.utf8), value: try codec.encode(envelope))
        try await consumer.handle(message)
    }
}
