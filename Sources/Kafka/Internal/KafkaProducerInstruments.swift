import CoreMetrics
import Synchronization

/// The producer's per-topic span name and `messaging.client.sent.messages` counter, built once per topic.
final class KafkaProducerInstruments: Sendable {
    struct Topic: Sendable {
        let sendOperationName: String
        let sent: Counter
    }

    let factory: any MetricsFactory
    private let topics = Mutex<[String: Topic]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func forTopic(_ topic: String) -> Topic {
        topics.withLock { cache in
            if let cached = cache[topic] { return cached }
            let counter = Counter(
                label: "messaging.client.sent.messages",
                dimensions: [("messaging_system", "kafka"), ("messaging_destination_name", topic), ("messaging_operation_name", "send")],
                factory: factory
            )
            let entry = Topic(sendOperationName: "send \(topic)", sent: counter)
            cache[topic] = entry
            return entry
        }
    }

    func failed(topic: String, error: any Error) -> Counter {
        let type = (error as? KafkaError)?.code.description ?? "_OTHER"
        return Counter(
            label: "messaging.client.sent.messages",
            dimensions: [
                ("messaging_system", "kafka"), ("messaging_destination_name", topic), ("messaging_operation_name", "send"),
                ("error_type", type),
            ],
            factory: factory
        )
    }
}
