import Kafka
import Synchronization
import Testing

/// One mock cluster for the whole test target; each test uses its own topics and groups.
enum MessagingTestCluster {
    static let shared: KafkaMockCluster = {
        do { return try KafkaMockCluster() } catch { fatalError("mock cluster: \(error)") }
    }()

    private static let counter = Atomic<Int>(0)

    /// A fresh topic (and its `.dlq`).
    static func uniqueTopic(_ prefix: String) throws -> String {
        let name = "\(prefix)-\(counter.add(1, ordering: .relaxed).newValue)-\(UInt32.random(in: 0...UInt32.max))"
        try shared.createTopic(name, partitions: 1)
        try shared.createTopic(name + ".dlq", partitions: 1)
        return name
    }

    static var configuration: KafkaConfiguration {
        KafkaConfiguration(
            brokers: shared.bootstrapServers,
            clientID: "messaging-tests",
            properties: ["topic.metadata.refresh.interval.ms": "1000", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        )
    }
}

