import Logging
import Storage
import Tracing

/// Events and relays for the outbox tests.
enum OutboxFixtures {
    static func message(_ id: String, aggregate: String, topic: String = "orders") -> OutboxMessage {
        OutboxMessage(id: id, aggregateID: aggregate, topic: topic, eventType: "order.updated", payload: Array("{\"id\":\"\(id)\"}".utf8))
    }

    /// Enqueues `messages`, each in its own transaction, in order.
    static func enqueue(_ messages: [OutboxMessage], into database: any Database, store: OutboxStore = OutboxStore(tracer: NoOpTracer())) async throws {
        for message in messages {
            try await database.withTransaction { tx in try await store.enqueue(message, in: tx) }
        }
    }

    static func relay(
        _ test: TestDatabase, _ database: any Database, publisher: any OutboxPublisher, batchSize: Int = 100, relayID: String = "relay-a"
    ) -> OutboxRelay<ContinuousClock> {
        var configuration = OutboxRelay<ContinuousClock>.Configuration()
        configuration.batchSize = batchSize
        configuration.retryDelay = .zero
        return OutboxRelay(
            database: database, publisher: publisher, configuration: configuration, clock: ContinuousClock(),
            logger: TestDatabase.logger, relayID: relayID, tracer: test.tracer, metricsFactory: test.metrics
        )
    }
}
