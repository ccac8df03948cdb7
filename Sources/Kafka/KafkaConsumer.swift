import CRdKafka
public import CoreMetrics
import Dispatch
public import Logging
public import ServiceLifecycle
public import Tracing

/// A consumer-group member that runs a handler per message, at least once, traced.
///
/// - Offsets are committed only after the handler finished (the highest contiguous finished offset per
///   partition); a rebalance commits finished work and drops the rest of revoked partitions.
/// - Messages with the same key run one at a time in offset order; different keys run in parallel, up to
///   ``KafkaConsumerOptions/maxConcurrency``.
/// - Failures: ``KafkaHandlerError`` says transient (retried with backoff and jitter) or permanent; after
///   the last attempt, at once for permanent ones, and for oversized messages, the message goes to
///   `<topic>.dlq` with `dlq.*` headers, then its offset is committed.
/// - Each message runs in a CONSUMER span `process {topic}` continuing the producer's trace.
///
/// ```swift
/// let consumer = try KafkaConsumer(
///     configuration: configuration,
///     options: KafkaConsumerOptions(groupID: "payments", topics: ["orders"]),
///     deadLetterProducer: producer
/// ) { message in try await apply(message) }
/// ```
///
/// `run()` fetches until graceful shutdown, then stops fetching, waits for running handlers (at most
/// ``KafkaConsumerOptions/shutdownTimeout``), commits, and leaves the group.
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/messaging/kafka/
public final class KafkaConsumer: Service, Sendable {
    /// Handles one message; throw ``KafkaHandlerError`` to choose between retry and dead-letter.
    public typealias Handler = @Sendable (KafkaMessage) async throws -> Void

    /// Whether a broker is reachable (for readiness) and the `messaging.kafka.broker.up` gauge.
    public let health: KafkaHealth
    let client: RdKafkaClient
    let options: KafkaConsumerOptions
    let handler: Handler
    let deadLetterProducer: KafkaProducer
    let tracer: any Tracer
    let clock: any Clock<Duration>
    let instruments: KafkaConsumerInstruments
    let state: KafkaConsumerState
    let logger: Logger
    /// Every blocking librdkafka call on this handle (poll, commit, close) runs here, never on the cooperative pool.
    let io = DispatchQueue(label: "kafka-consumer-io")

    /// Creates the consumer; it joins the group when `run()` starts.
    ///
    /// - Parameters:
    ///   - deadLetterProducer: Publishes dead letters; run it in the same `ServiceGroup`, before this consumer.
    ///   - clock: Times retry backoff and the shutdown deadline.
    public init(
        configuration: KafkaConfiguration,
        options: KafkaConsumerOptions,
        deadLetterProducer: KafkaProducer,
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "kafka.consumer"),
        handler: @escaping Handler
    ) throws(KafkaError) {
        guard !configuration.isEmbedded else {
            throw KafkaError(code: .configuration, message: "no brokers: start a KafkaMockCluster and use connected(to:)")
        }
        let health = KafkaHealth(clientID: configuration.clientID, role: "consumer", metricsFactory: metricsFactory)
        let instruments = KafkaConsumerInstruments(factory: metricsFactory, groupID: options.groupID)
        let state = KafkaConsumerState(maxConcurrency: options.maxConcurrency, maxInFlight: options.maxInFlight)
        let events = RdKafkaEvents(
            health: health,
            logger: logger,
            onStatistics: { statistics in instruments.recordLag(statistics.consumerLag) },
            onRebalance: { handle, error, partitions in
                KafkaConsumer.rebalance(handle: handle, error: error, partitions: partitions, state: state, logger: logger)
            },
            onCommit: { _, error, partitions in
                // A failed commit is retried by the next commit round, unless the partition was revoked meanwhile.
                guard error != RD_KAFKA_RESP_ERR_NO_ERROR, let partitions else { return }
                for (partition, offset) in KafkaConsumer.partitionOffsets(partitions) { state.commitFailed(partition, offset: offset) }
            }
        )
        self.client = try RdKafkaClient(kind: RD_KAFKA_CONSUMER, properties: options.properties(configuration), events: events)
        rd_kafka_poll_set_consumer(client.handle)
        self.health = health
        self.options = options
        self.handler = handler
        self.deadLetterProducer = deadLetterProducer
        self.tracer = tracer
        self.clock = clock
        self.instruments = instruments
        self.state = state
        self.logger = logger
    }

    /// Joins the group and processes messages until graceful shutdown or cancellation.
    public func run() async throws {
        try await subscribe()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withDiscardingTaskGroup { group in
                    await fetchLoop(group: &group)
                    group.addTask { [state, clock, options] in
                        try? await clock.sleep(for: options.shutdownTimeout)
                        state.shutdownDeadlinePassed()
                    }
                    await state.waitUntilIdle()
                    group.cancelAll()
                }
            } onCancel: {
                self.state.stop()
            }
        } onGracefulShutdown: {
            self.state.stop()
        }
        await onIO { consumer in
            consumer.commitPending(synchronously: true)
            rd_kafka_consumer_close(consumer.client.handle)
        }
    }

    private func fetchLoop(group: inout DiscardingTaskGroup) async {
        while !state.isStopping {
            await state.waitForCapacity()
            if state.isStopping { break }
            let batch = await onIO { consumer in
                consumer.commitPending(synchronously: false)
                return consumer.poll(maxMessages: min(consumer.state.capacity, 256))
            }
            for message in batch {
                guard case .start(let work) = state.enqueue(message) else { continue }
                group.addTask { await self.work(from: work) }
            }
        }
    }

    /// Runs `work`, then the worker's next messages, until its queue is empty.
    private func work(from first: ConsumerWork) async {
        var next: ConsumerWork? = first
        while let work = next {
            var finished = false
            if state.isCurrent(work) { finished = await process(work.message) }
            next = state.complete(work, finished: finished)
        }
    }

    /// Runs `body` on the I/O queue.
    func onIO<Result: Sendable>(_ body: @escaping @Sendable (KafkaConsumer) -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            io.async { continuation.resume(returning: body(self)) }
        }
    }

    private func subscribe() async throws {
        let error = await onIO { consumer in
            let list = rd_kafka_topic_partition_list_new(Int32(consumer.options.topics.count))
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for topic in consumer.options.topics {
                rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
            }
            return rd_kafka_subscribe(consumer.client.handle, list)
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consumer, message: "subscribing to \(options.topics)", responseError: error)
        }
    }
}
