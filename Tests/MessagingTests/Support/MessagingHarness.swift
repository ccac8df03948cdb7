import Kafka
import Messaging
import MetricsTestKit
import Storage
import TelemetryCore
import TelemetryTesting
import Tracing

/// A test event.
struct ItemAdded: Event, Equatable {
    static let type = "test.item.added"
    static let version = 1
    var itemID: String
    var note: String
}

/// A recording tracer, test metrics and Kafka clients for one test.
struct MessagingHarness {
    let backend = RecordingTracer(sampleRoot: true)
    let metrics = TestMetrics()
    var tracer: KitTracer<RecordingTracer> { KitTracer(wrapping: backend) }

    func producer() throws -> KafkaProducer {
        try KafkaProducer(
            configuration: KafkaConfiguration(brokers: MessagingTestCluster.shared.bootstrapServers, clientID: "messaging-tests"),
            tracer: tracer, metricsFactory: metrics
        )
    }

    /// Handlers that record each `ItemAdded` as a row in `effects`.
    static var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(ItemAdded.self) { envelope, tx in
            try await tx.query("INSERT INTO effects (event_id, note) VALUES ($1, $2)", [.text(envelope.id), .text(envelope.data.note)])
        }
        return handlers
    }

    /// A consumer of `topic` running ``EventConsumer`` with ``handlers``; `seen` records each message first.
    func eventConsumer(
        topic: String, database: any Database, producer: KafkaProducer, codec: EventCodec = EventCodec(), seen: Recorded<KafkaMessage>? = nil
    ) throws -> KafkaConsumer {
        let events = EventConsumer(
            name: topic, database: database, handlers: Self.handlers, codec: codec, inbox: InboxStore(metricsFactory: metrics)
        )
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.retry = KafkaRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
        options.statisticsInterval = .milliseconds(500)
        return try KafkaConsumer(
            configuration: MessagingTestCluster.configuration, options: options, deadLetterProducer: producer, tracer: tracer,
            metricsFactory: metrics
        ) { message in
            seen?.append(message)
            try await events.handle(message)
        }
    }

    /// A plain consumer recording what reaches `topic`.
    func recorder(topic: String, producer: KafkaProducer, into recorded: Recorded<KafkaMessage>) throws -> KafkaConsumer {
        try KafkaConsumer(
            configuration: MessagingTestCluster.configuration, options: KafkaConsumerOptions(groupID: topic + "-reader", topics: [topic]),
            deadLetterProducer: producer, tracer: tracer, metricsFactory: metrics
        ) { recorded.append($0) }
    }

    func spans(_ kind: SpanKind, _ name: String) -> [FinishedSpan] {
        backend.finishedSpans.filter { $0.kind == kind && $0.operationName == name }
    }

    /// `inbox.duplicates.skipped` of consumer `name`.
    func duplicatesSkipped(_ name: String) -> Int64 {
        (try? metrics.expectCounter("inbox.duplicates.skipped", [("messaging.consumer.group.name", name)]))?.totalValue ?? 0
    }
}

extension KafkaProducer {
    /// Sends `event` in a new envelope (or the given bytes).
    @discardableResult
    func send(_ topic: String, bytes: [UInt8], headers: KafkaHeaders = KafkaHeaders()) async throws -> KafkaDelivery {
        try await send(topic: topic, key: Array("key".utf8), value: bytes, headers: headers)
    }
}
