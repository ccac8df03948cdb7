import CoreMetrics
import Synchronization

/// The consumer's per-topic span name and instruments, built once per topic, and the lag gauges.
final class KafkaConsumerInstruments: Sendable {
    struct Topic: Sendable {
        let processOperationName: String
        let consumed: Counter
        let processDuration: Timer
        let failedProcessDuration: Timer
        let retries: Counter
        let deadLetteredTransient: Counter
        let deadLetteredPermanent: Counter

        func deadLettered(_ kind: KafkaFailureKind) -> Counter {
            kind == .transient ? deadLetteredTransient : deadLetteredPermanent
        }
    }

    let factory: any MetricsFactory
    let groupID: String
    private let topics = Mutex<[String: Topic]>([:])
    private let lagGauges = Mutex<[PartitionID: Gauge]>([:])

    init(factory: any MetricsFactory, groupID: String) {
        self.factory = factory
        self.groupID = groupID
    }

    func forTopic(_ topic: String) -> Topic {
        topics.withLock { cache in
            if let cached = cache[topic] { return cached }
            let base = [("messaging_system", "kafka"), ("messaging_destination_name", topic), ("messaging_consumer_group_name", groupID)]
            let process = base + [("messaging_operation_name", "process")]
            let entry = Topic(
                processOperationName: "process \(topic)",
                consumed: Counter(label: "messaging.client.consumed.messages", dimensions: process, factory: factory),
                processDuration: Timer(label: "messaging.process.duration", dimensions: process, factory: factory),
                failedProcessDuration: Timer(
                    label: "messaging.process.duration", dimensions: process + [("error_type", "dead_lettered")], factory: factory
                ),
                retries: Counter(label: "messaging.kafka.retries", dimensions: base, factory: factory),
                deadLetteredTransient: Counter(
                    label: "messaging.kafka.dead_lettered", dimensions: base + [("error_type", "transient")], factory: factory
                ),
                deadLetteredPermanent: Counter(
                    label: "messaging.kafka.dead_lettered", dimensions: base + [("error_type", "permanent")], factory: factory
                )
            )
            cache[topic] = entry
            return entry
        }
    }

    /// Records `messaging.kafka.consumer.lag` per partition (from librdkafka's statistics, on its poll thread).
    func recordLag(_ lags: [KafkaStatistics.PartitionLag]) {
        for lag in lags {
            let id = PartitionID(topic: lag.topic, partition: lag.partition)
            let gauge = lagGauges.withLock { gauges in
                if let gauge = gauges[id] { return gauge }
                let gauge = Gauge(
                    label: "messaging.kafka.consumer.lag",
                    dimensions: [
                        ("messaging_destination_name", lag.topic), ("messaging_destination_partition_id", String(lag.partition)),
                        ("messaging_consumer_group_name", groupID),
                    ],
                    factory: factory
                )
                gauges[id] = gauge
                return gauge
            }
            gauge.record(lag.lag)
        }
    }
}
