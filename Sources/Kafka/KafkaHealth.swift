public import CoreMetrics
import Synchronization

/// Whether a Kafka client can reach a broker: for `/readyz` and the `messaging.kafka.broker.up` gauge.
///
/// librdkafka reports it: `ALL_BROKERS_DOWN` errors clear it; a successful delivery or a statistics
/// report with a broker in state `UP` sets it. It starts `false` until the first report.
public final class KafkaHealth: Sendable {
    private let reachable = Atomic<Bool>(false)
    private let gauge: Gauge

    /// Creates a signal whose gauge carries `clientID` (the `client.id`) as `messaging_client_id` and
    /// `role` (`producer`, `consumer`) as `messaging_client_role`, so a producer and a consumer sharing
    /// a client id report separate series.
    public init(clientID: String, role: String = "client", metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.gauge = Gauge(
            label: "messaging.kafka.broker.up",
            dimensions: [("messaging_system", "kafka"), ("messaging_client_id", clientID), ("messaging_client_role", role)],
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
