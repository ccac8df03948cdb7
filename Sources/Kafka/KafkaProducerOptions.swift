/// Tuning of a ``KafkaProducer``; librdkafka properties in ``KafkaConfiguration/properties`` win over these.
public struct KafkaProducerOptions: Sendable, Hashable {
    /// `queue.buffering.max.messages`: messages buffered locally (e.g. during a broker outage) before
    /// `send` fails with ``KafkaError/Code/queueFull``. Default 100 000.
    public var maxQueuedMessages: Int = 100_000
    /// `message.timeout.ms`: how long a message may wait for delivery before `send` fails. Default 5 minutes.
    public var deliveryTimeout: Duration = .seconds(300)
    /// `linger.ms`: how long to wait to batch messages. Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// `statistics.interval.ms`: how often librdkafka reports broker state; nil turns it off. Default 5 s.
    public var statisticsInterval: Duration? = .seconds(5)
    /// How long `run()` waits for queued messages on shutdown before purging them. Default 10 s.
    public var flushTimeout: Duration = .seconds(10)

    /// The defaults.
    public init() {}

    func properties(_ configuration: KafkaConfiguration) -> [String: String] {
        var properties = [
            "client.id": configuration.clientID,
            "enable.idempotence": "true",
            "queue.buffering.max.messages": String(maxQueuedMessages),
            "batch.num.messages": String(min(10_000, max(1, maxQueuedMessages))),
            "message.timeout.ms": String(deliveryTimeout.milliseconds),
            "linger.ms": String(linger.milliseconds),
            "statistics.interval.ms": String(statisticsInterval?.milliseconds ?? 0),
            "log_level": "4",
        ]
        if let brokers = configuration.brokers { properties["bootstrap.servers"] = brokers }
        properties.merge(configuration.properties) { _, explicit in explicit }
        return properties
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
