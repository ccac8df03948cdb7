public import Foundation
public import Storage
public import Tracing

/// Writes ``Event``s into the transactional outbox as ``EventEnvelope``s, in the caller's transaction.
///
/// ```swift
/// let outbox = EventOutbox(source: "catalog")
/// try await database.withTransaction { tx in
///     try await tx.query("UPDATE products SET price_cents = $1 WHERE id = $2", [.integer(price), .text(id)])
///     try await outbox.enqueue(PriceChanged(...), topic: "catalog.price.changed", key: id, aggregateID: id, in: tx)
/// }
/// ```
///
/// The row keeps the current trace context, so the relay's publish continues the caller's trace.
public struct EventOutbox: Sendable {
    /// The producing service, the envelopes' `source`.
    public let source: String
    let store: OutboxStore
    let codec: EventCodec

    /// Creates an outbox writer for service `source`.
    public init(
        source: String, codec: EventCodec = EventCodec(), tracer: any Tracer = InstrumentationSystem.tracer, wakeUp: OutboxWakeUp? = nil
    ) {
        self.source = source
        self.store = OutboxStore(tracer: tracer, wakeUp: wakeUp)
        self.codec = codec
    }

    /// Enqueues `event` in a new envelope; it is published to `topic` (keyed by `key`, default
    /// `aggregateID`) after `tx` commits, in order with the aggregate's other events.
    ///
    /// - Returns: The envelope written (its `id` is the consumers' idempotency key).
    /// - Throws: ``EnvelopeError`` when the envelope is larger than the codec allows; database errors.
    @discardableResult
    public func enqueue<E: Event>(
        _ event: E,
        topic: String,
        key: String? = nil,
        aggregateID: String,
        in tx: any DatabaseTransaction,
        id: String = UUID().uuidString.lowercased(),
        time: Date = Date()
    ) async throws -> EventEnvelope<E> {
        let envelope = EventEnvelope(event, source: source, id: id, time: time)
        let message = OutboxMessage(
            id: envelope.id, aggregateID: aggregateID, topic: topic, key: key, eventType: E.type, payload: try codec.encode(envelope)
        )
        try await store.enqueue(message, in: tx)
        return envelope
    }
}
