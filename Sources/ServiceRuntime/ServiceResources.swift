import Kafka
import ServiceLifecycle
import Storage
import Synchronization

/// What a service asked its runtime for (database, Kafka clients, gRPC clients, relay, consumers), in the order
/// they join the `ServiceGroup`: before the listeners, so they stop after them.
final class ServiceResources: Sendable {
    struct State {
        var database: (any Database)?
        var databaseService: ServiceDatabase?
        var cluster: KafkaMockCluster?
        var kafka: KafkaConfiguration?
        var producer: KafkaProducer?
        var relay: (any Service)?
        var retention: (any Service)?
        var consumers: [KafkaConsumer] = []
        var grpcClients: [GRPCClientService] = []
    }

    let state = Mutex(State())
    /// Opens once the database is migrated; nil-equivalent (never waited for) when no database was asked for.
    let gate = StartGate()
    /// Shared by the service's outbox writers and its relay: a commit wakes the relay at once.
    let outboxWakeUp = OutboxWakeUp()

    /// Whether the listeners must wait for the database's migrations.
    var needsGate: Bool { state.withLock { $0.databaseService != nil } }

    /// The registered services in start order; the relay and consumers wait for the migrated database.
    func services() -> [any Service] {
        state.withLock { state in
            var services: [any Service] = []
            if let database = state.databaseService { services.append(database) }
            if let producer = state.producer { services.append(producer) }
            services += state.grpcClients.map { $0 as any Service }
            let dependents: [any Service] = [state.relay, state.retention].compactMap { $0 } + state.consumers.map { $0 as any Service }
            services += dependents.map { state.databaseService == nil ? $0 : GatedService(gate: gate, inner: $0) }
            return services
        }
    }

    /// Stops the embedded mock cluster, if one was started.
    func shutdown() {
        state.withLock { $0.cluster }?.shutdown()
    }
}
