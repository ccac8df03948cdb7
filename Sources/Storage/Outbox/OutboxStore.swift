public import Tracing
import TelemetryCore

/// Writes events into the outbox inside the caller's transaction, so the state change and the
/// event commit (or roll back) together.
///
/// ```swift
/// try await database.withTransaction { tx in
///     try await tx.query("UPDATE orders SET state = 'paid' WHERE id = $1", [.text(orderID)])
///     try await outbox.enqueue(OutboxMessage(id: eventID, aggregateID: orderID, topic: "orders",
///                                            eventType: "order.paid", payload: bytes), in: tx)
/// }
/// ```
public struct OutboxStore: Sendable {
    let tracer: any Tracer
    let wakeUp: OutboxWakeUp?

    /// Creates a store; `tracer` injects the current trace context into each row's headers, and `wakeUp`
    /// (when given) is signalled after each transaction that enqueued commits.
    public init(tracer: any Tracer = InstrumentationSystem.tracer, wakeUp: OutboxWakeUp? = nil) {
        self.tracer = tracer
        self.wakeUp = wakeUp
    }

    /// Inserts `message` with the trace context of `context` (the current one by default) in its headers.
    public func enqueue(
        _ message: OutboxMessage, in tx: any DatabaseTransaction, context: ServiceContext? = ServiceContext.current
    ) async throws {
        var headers = message.headers
        if let context {
            tracer.inject(context, into: &headers, using: PropagationCarrierInjector<OutboxHeaders>())
        }
        try await tx.query(
            """
            INSERT INTO outbox (id, aggregate_id, topic, message_key, event_type, payload, headers, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(message.id), .text(message.aggregateID), .text(message.topic), .text(message.key),
                .text(message.eventType), .bytes(message.payload), .text(headers.encoded), .integer(WallClock.nowMicroseconds()),
            ],
            summary: "INSERT outbox"
        )
        if let wakeUp { tx.afterCommit { wakeUp.signal() } }
    }

    /// Rows not yet published (the backlog).
    public func pendingCount(in database: any Database) async throws -> Int {
        let rows = try await database.query("SELECT count(*) AS pending FROM outbox WHERE sent_at IS NULL", summary: "SELECT outbox")
        return Int(try rows.first?.integer("pending") ?? 0)
    }
}
