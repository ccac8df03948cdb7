import Kafka
import MetricsTestKit
import Synchronization
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

/// One mock cluster for the whole test target (each test uses its own topics and groups), plus helpers
/// to run producers and consumers as services and to wait for what they did.
enum KafkaTestCluster {
    /// Started on first use; reachable over loopback TCP like a real broker.
    static let shared: KafkaMockCluster = {
        do { return try KafkaMockCluster() } catch { fatalError("mock cluster: \(error)") }
    }()

    private static let counter = Atomic<Int>(0)

    /// A topic (and group) name nobody else uses, created with `partitions` partitions along with its `.dlq`.
    static func uniqueTopic(_ prefix: String, partitions: Int = 1) throws -> String {
        let name = "\(prefix)-\(counter.add(1, ordering: .relaxed).newValue)-\(UInt32.random(in: 0...UInt32.max))"
        try shared.createTopic(name, partitions: partitions)
        try shared.createTopic(name + ".dlq", partitions: 1)
        return name
    }

    /// The mock's coordinator waits up to `session.timeout.ms` - 1 s for members to rejoin once a group
    /// was up (a new member joining, a member leaving): short sessions keep rebalances quick.
    static var configuration: KafkaConfiguration {
        KafkaConfiguration(
            brokers: shared.bootstrapServers,
            clientID: "kafka-tests",
            properties: ["topic.metadata.refresh.interval.ms": "1000", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        )
    }
}

/// A tracer, metrics and clients wired together for one test.
struct KafkaTestHarness {
    let backend = RecordingTracer(sampleRoot: true)
    let metrics = TestMetrics()
    var tracer: KitTracer<RecordingTracer> { KitTracer(wrapping: backend) }

    func producer(options: KafkaProducerOptions = KafkaProducerOptions()) throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaTestCluster.configuration, options: options, tracer: tracer, metricsFactory: metrics)
    }

    /// A producer whose broker never answers, with a local queue of `queue` messages and a 1 s delivery timeout.
    static func unreachableProducer(queue: Int) throws -> KafkaProducer {
        let configuration = KafkaConfiguration(brokers: "127.0.0.1:1", properties: ["reconnect.backoff.max.ms": "100"])
        var options = KafkaProducerOptions()
        options.maxQueuedMessages = queue
        options.deliveryTimeout = .seconds(1)
        options.flushTimeout = .milliseconds(100)
        return try KafkaProducer(configuration: configuration, options: options)
    }

    func consumer(
        _ options: KafkaConsumerOptions,
        deadLetterProducer: KafkaProducer,
        handler: @escaping KafkaConsumer.Handler
    ) throws -> KafkaConsumer {
        var options = options
        options.statisticsInterval = .milliseconds(500)
        return try KafkaConsumer(
            configuration: KafkaTestCluster.configuration,
            options: options,
            deadLetterProducer: deadLetterProducer,
            tracer: tracer,
            metricsFactory: metrics,
            handler: handler
        )
    }

    func spans(_ kind: SpanKind, _ name: String) -> [FinishedSpan] {
        backend.finishedSpans.filter { $0.kind == kind && $0.operationName == name }
    }
}

extension KafkaProducer {
    /// Sends text key and value.
    @discardableResult
    func send(_ topic: String, key: String?, _ value: String, headers: KafkaHeaders = KafkaHeaders()) async throws -> KafkaDelivery {
        try await send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}

extension FinishedSpan {
    /// The attribute stored under `name`.
    func attribute(_ name: String) -> SpanAttribute? {
        attributes.get(name)
    }
}
