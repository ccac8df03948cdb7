public import Kafka
public import Messaging
public import Storage
import Logging

extension ServiceRuntime {
    /// The service's Kafka producer (`KAFKA_BROKERS`; when empty, an embedded mock cluster started in
    /// this process, its address logged), registered to run before the relay, consumers and listeners.
    /// `/readyz` checks that a broker is reachable (`messaging.kafka.broker.up`).
    public func kafkaProducer() throws -> KafkaProducer {
        let configuration = try kafkaConfiguration()
        if let producer = resources.state.withLock({ $0.producer }) { return producer }
        var options = KafkaProducerOptions()
        options.statisticsInterval = .seconds(1)
        let producer = try KafkaProducer(
            configuration: configuration, options: options, tracer: tracer, metricsFactory: metricsFactory,
            logger: Logger(label: "\(self.configuration.name).kafka.producer")
        )
        resources.state.withLock { $0.producer = producer }
        readiness.register(ReadinessCheck(name: "kafka") { await producer.health.checkBrokerReachable() })
        return producer
    }

    /// Writes this service's events into its outbox (the envelopes' `source` is the service name).
    public var eventOutbox: EventOutbox {
        EventOutbox(source: configuration.name, tracer: tracer, wakeUp: resources.outboxWakeUp)
    }

    /// Registers the relay that publishes the service's outbox to Kafka (after ``database(migrations:)``).
    public func relayOutbox(configuration relayConfiguration: OutboxRelay<ContinuousClock>.Configuration = .init()) throws {
        guard let database = resources.state.withLock({ $0.database }) else {
            preconditionFailure("relayOutbox() needs database(migrations:) first")
        }
        let relay = OutboxRelay(
            database: database, publisher: KafkaOutboxPublisher(producer: try kafkaProducer()), configuration: relayConfiguration,
            logger: Logger(label: "\(configuration.name).outbox"), tracer: tracer, metricsFactory: metricsFactory,
            wakeUp: resources.outboxWakeUp
        )
        resources.state.withLock { $0.relay = relay }
    }

    /// Registers a consumer of `topics` in group `group` that applies `handlers` idempotently in the
    /// service's database (see ``EventConsumer``); unreadable or unknown events go to `<topic>.dlq`.
    public func consumeEvents(
        group: String, topics: [String], handlers: EventHandlers, options adjust: (inout KafkaConsumerOptions) -> Void = { _ in }
    ) throws {
        guard let database = resources.state.withLock({ $0.database }) else {
            preconditionFailure("consumeEvents() needs database(migrations:) first")
        }
        let producer = try kafkaProducer()
        var options = KafkaConsumerOptions(groupID: group, topics: topics)
        options.statisticsInterval = .seconds(1)  // readiness learns the broker state within a second
        options.fetchWaitMax = configuration.kafkaFetchWaitMax
        adjust(&options)
        if let cluster = resources.state.withLock({ $0.cluster }) {
            for topic in topics {
                try? cluster.createTopic(topic, partitions: 1)
                try? cluster.createTopic(topic + options.deadLetterSuffix, partitions: 1)
            }
        }
        let events = EventConsumer(
            name: group, database: database, handlers: handlers, codec: EventCodec(maxBytes: options.maxMessageBytes),
            inbox: InboxStore(metricsFactory: metricsFactory), logger: Logger(label: "\(configuration.name).events")
        )
        let consumer = try KafkaConsumer(
            configuration: try kafkaConfiguration(), options: options, deadLetterProducer: producer, tracer: tracer,
            metricsFactory: metricsFactory, logger: Logger(label: "\(configuration.name).kafka.consumer"), handler: { message in try await events.handle(message) }
        )
        resources.state.withLock { $0.consumers.append(consumer) }
        readiness.register(ReadinessCheck(name: "kafka.consumer.\(group)") { await consumer.health.checkBrokerReachable() })
    }

    /// `KAFKA_BROKERS`, or the address of the embedded mock cluster (started on first use).
    func kafkaConfiguration() throws -> KafkaConfiguration {
        try resources.state.withLock { state in
            if let kafka = state.kafka { return kafka }
            var kafka = configuration.kafka
            if kafka.isEmbedded {
                let cluster = try KafkaMockCluster(logger: Logger(label: "\(configuration.name).kafka.mock"))
                logger.info("embedded kafka started", metadata: ["kafka.bootstrap.servers": "\(cluster.bootstrapServers)"])
                state.cluster = cluster
                kafka = kafka.connected(to: cluster.bootstrapServers)
            }
            state.kafka = kafka
            return kafka
        }
    }
}
