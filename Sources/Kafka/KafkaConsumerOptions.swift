/// Tuning of a ``KafkaConsumer``; librdkafka properties in ``KafkaConfiguration/properties`` win over these.
public struct KafkaConsumerOptions: Sendable, Hashable {
    /// `group.id`, also the `messaging.consumer.group.name` attribute and label.
    public var groupID: String
    /// The topics to subscribe to.
    public var topics: [String]
    /// Handlers running at once (each on a different key). Default 16.
    public var maxConcurrency: Int = 16
    /// Messages fetched and not yet finished, at most (back-pressure on fetching). Default 1000.
    public var maxInFlight: Int = 1000
    /// Retries of transient failures.
    public var retry: KafkaRetryPolicy = KafkaRetryPolicy()
    /// Messages whose key plus value exceed this go straight to the dead-letter topic. Default 1 MiB.
    public var maxMessageBytes: Int = 1 << 20
    /// The dead-letter topic is the message's topic plus this suffix. Default `.dlq`.
    public var deadLetterSuffix: String = ".dlq"
    /// How long shutdown waits for running handlers before cancelling them. Default 10 s.
    public var shutdownTimeout: Duration = .seconds(10)
    /// `auto.offset.reset` when the group has no committed offset. Default `earliest`.
    public var autoOffsetReset: String = "earliest"
    /// `statistics.interval.ms`: how often consumer lag and broker state are reported; nil turns it off. Default 5 s.
    public var statisticsInterval: Duration? = .seconds(5)
    /// `fetch.wait.max.ms`: how long the broker may hold a fetch that found nothing; nil keeps librdkafka's
    /// 500 ms. A real broker answers as soon as a message arrives, so this costs nothing there; librdkafka's
    /// mock cluster holds the fetch for this long even when a message arrives, so embedded runs lower it.
    public var fetchWaitMax: Duration?

    /// Consumes `topics` as member of group `groupID`.
    public init(groupID: String, topics: [String]) {
        self.groupID = groupID
        self.topics = topics
    }

    func properties(_ configuration: KafkaConfiguration) -> [String: String] {
        var properties = [
            "client.id": configuration.clientID,
            "group.id": groupID,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "enable.partition.eof": "false",
            "auto.offset.reset": autoOffsetReset,
            "statistics.interval.ms": String(statisticsInterval?.milliseconds ?? 0),
            "log_level": "4",
        ]
        if let fetchWaitMax { properties["fetch.wait.max.ms"] = String(fetchWaitMax.milliseconds) }
        if let brokers = configuration.brokers { properties["bootstrap.servers"] = brokers }
        properties.merge(configuration.properties) { _, explicit in explicit }
        return properties
    }
}
