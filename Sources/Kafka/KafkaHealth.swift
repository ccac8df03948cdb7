public import CoreMetrics
import Foundation
import Synchronization

/// Whether a Kafka client can reach a broker: for `/readyz` and the `messaging.kafka.broker.up` gauge.
///
/// librdkafka reports it: `ALL_BROKERS_DOWN` errors clear it; a successful delivery or a statistics
/// report with a broker in state `UP` sets it. It starts `false` until the first report, which comes a
/// statistics interval after start: ``checkBrokerReachable()`` asks a broker meanwhile, so a new process is
/// ready as soon as a broker answers.
public final class KafkaHealth: Sendable {
    private let reachable = Atomic<Bool>(false)
    private let gauge: Gauge
    private let probe = Mutex<(@Sendable () -> Bool)?>(nil)

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

    /// Whether a broker is reachable: the last report when it says so, else whether a broker answers a
    /// metadata request now (within 500 ms, on a thread of its own: the request blocks).
    public func checkBrokerReachable() async -> Bool {
        if isBrokerReachable { return true }
        guard let probe = probe.withLock({ $0 }) else { return false }
        let answered = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let thread = Thread { continuation.resume(returning: probe()) }
            thread.name = "kafka-health-probe"
            thread.start()
        }
        if answered { brokerStateChanged(reachable: true) }
        return answered
    }

    /// The client's active check (a metadata request), installed once its handle exists.
    func install(_ check: @escaping @Sendable () -> Bool) {
        probe.withLock { $0 = check }
    }

    func brokerStateChanged(reachable isReachable: Bool) {
        let previous = reachable.exchange(isReachable, ordering: .relaxed)
        if previous != isReachable { gauge.record(isReachable ? 1 : 0) }
    }
}
