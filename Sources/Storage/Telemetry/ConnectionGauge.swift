import CoreMetrics
import Synchronization

/// `db.client.connection.count` (label `db.client.connection.state` = `idle` | `used`), kept from
/// open/lease/release events.
final class ConnectionGauge: Sendable {
    /// The OTel name; Prometheus shows `db_client_connection_count`.
    static let name = "db.client.connection.count"

    private struct Counts {
        var open = 0
        var used = 0
    }

    private let counts = Mutex(Counts())
    private let idle: Gauge
    private let used: Gauge

    init(system: SQLDialect, factory: any MetricsFactory) {
        func gauge(_ state: String) -> Gauge {
            Gauge(label: Self.name, dimensions: [("db.system.name", system.rawValue), ("db.client.connection.state", state)], factory: factory)
        }
        idle = gauge("idle")
        used = gauge("used")
    }

    func opened() { update { $0.open += 1 } }
    func closed() { update { $0.open = max(0, $0.open - 1) } }
    func leased() { update { $0.used += 1 } }
    func released() { update { $0.used = max(0, $0.used - 1) } }

    private func update(_ change: (inout Counts) -> Void) {
        counts.withLock { counts in
            change(&counts)
            used.record(Double(counts.used))
            idle.record(Double(max(0, counts.open - counts.used)))
        }
    }
}
