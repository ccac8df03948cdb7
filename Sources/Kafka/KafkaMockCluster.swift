import CRdKafka
public import Logging
import CoreMetrics
import Synchronization

/// librdkafka's built-in mock cluster, started in this process and reachable over loopback TCP.
///
/// The embedded default when `KAFKA_BROKERS` is empty, and the broker of the tests: it speaks the real
/// Kafka protocol, so other processes can connect to ``bootstrapServers``. It stops on ``shutdown()``
/// or when the last reference goes away.
///
/// ```swift
/// let cluster = try KafkaMockCluster()
/// let configuration = KafkaConfiguration(brokers: cluster.bootstrapServers)
/// ```
///
/// `@unchecked Sendable`: the cluster pointer is only used under `cluster`'s lock; librdkafka's mock API
/// is thread-safe (it posts operations to the mock cluster's own thread).
public final class KafkaMockCluster: @unchecked Sendable {
    /// `host:port[,host:port]` of the mock brokers, for `bootstrap.servers`.
    public let bootstrapServers: String
    private let client: RdKafkaClient
    private let cluster: Mutex<OpaquePointer?>

    /// Starts a cluster of `brokerCount` brokers on loopback (random ports).
    public init(brokerCount: Int = 1, logger: Logger = Logger(label: "kafka.mock")) throws(KafkaError) {
        let events = RdKafkaEvents(health: KafkaHealth(clientID: "kafka-mock-cluster", role: "mock", metricsFactory: NOOPMetricsHandler.instance), logger: logger)
        client = try RdKafkaClient(kind: RD_KAFKA_PRODUCER, properties: ["client.id": "kafka-mock-cluster", "log_level": "3"], events: events)
        // Not rd_kafka_mock_cluster_new: its thread must block signals (see the shim), or the first signal
        // it takes stops the brokers.
        guard let cluster = crdkafka_mock_cluster_new(client.handle, Int32(brokerCount)) else {
            throw KafkaError(code: .mockCluster, message: "rd_kafka_mock_cluster_new failed")
        }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        self.cluster = Mutex(cluster)
    }

    /// Creates `topic` with `partitions` partitions (topics are otherwise created on first use).
    public func createTopic(_ topic: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let error = cluster.withLock { cluster -> rd_kafka_resp_err_t in
            guard let cluster else { return RD_KAFKA_RESP_ERR__DESTROY }
            return rd_kafka_mock_topic_create(cluster, topic, Int32(partitions), Int32(replicationFactor))
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .mockCluster, message: "creating topic \(topic)", responseError: error)
        }
    }

    /// Takes broker `id` (1-based) down or back up: clients lose their connections, as in a broker outage.
    public func setBroker(_ id: Int, up: Bool) throws(KafkaError) {
        let error = cluster.withLock { cluster -> rd_kafka_resp_err_t in
            guard let cluster else { return RD_KAFKA_RESP_ERR__DESTROY }
            return up ? rd_kafka_mock_broker_set_up(cluster, Int32(id)) : rd_kafka_mock_broker_set_down(cluster, Int32(id))
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .mockCluster, message: "setting broker \(id) \(up ? "up" : "down")", responseError: error)
        }
    }

    /// Stops the brokers; clients connected to them see the broker go down.
    public func shutdown() {
        let cluster = self.cluster.withLock { stored in
            defer { stored = nil }
            return stored
        }
        if let cluster { rd_kafka_mock_cluster_destroy(cluster) }
    }

    deinit {
        shutdown()
    }
}
