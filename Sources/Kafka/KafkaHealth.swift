public import CoreMetrics
import Synchronization

/// Whether a Kafka client can reach a broker: for `/readyz` and the `messaging.kafka.broker.up` gauge.
///
/// librdkafka reports it: `ALL_BROKERS_DOWN` errors clear it; a successful delivery or a statistics
/// report with a broker in state `UP` sets it. It starts `false` until the first report.
public final class KafkaHealth: Sendable {
    private let reachable = Atomic<Bool>(false)
    private let gauge: Gauge

    /// Creates a signal whose gauge carries `client` (the `client.id`) as `messaging_client_id`.
    public init(clientID: String, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.gauge = Gauge(
            label: "messaging.kafka.broker.up",
            dimensions: [("messaging_system", "kafka"), ("messaging_client_id", clientID)],
            factory: metricsFactory
        )
        gauge.record(0)
    }

    /// Whether the last report said a broker is reachable.
    public var isBrokerReachable: Bool {
        reachable.load(ordering: .relaxed)
    }

    func brokerStateChanged(reachable isReachable: Bool) {
        let previous = reachable.exchange(isReachable, ordering: .relaxed)
        if previous != isReachable { gauge.record(isReachable ? 1 : 0) }
    }
}
