import CoreMetrics
import Synchronization

/// The relay's instruments: `outbox.backlog` (gauge), `outbox.publish.lag` (timer, enqueue to
/// published), `outbox.published` (counter, label `messaging.destination.name`).
final class OutboxMetrics: Sendable {
    static let backlogName = "outbox.backlog"
    static let lagName = "outbox.publish.lag"
    static let publishedName = "outbox.published"

    let backlog: Gauge
    let lag: CoreMetrics.Timer
    private let factory: any MetricsFactory
    private let published = Mutex<[String: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
        backlog = Gauge(label: Self.backlogName, dimensions: [], factory: factory)
        lag = CoreMetrics.Timer(label: Self.lagName, dimensions: [], factory: factory)
    }

    func published(topic: String) -> Counter {
        published.withLock { cache in
            if let counter = cache[topic] { return counter }
            let counter = Counter(label: Self.publishedName, dimensions: [("messaging.destination.name", topic)], factory: factory)
            cache[topic] = counter
            return counter
        }
    }
}
