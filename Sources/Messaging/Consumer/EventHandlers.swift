public import Storage

/// The typed handlers of an ``EventConsumer``, by event type and version.
///
/// ```swift
/// var handlers = EventHandlers()
/// handlers.on(OrderCreated.self) { envelope, tx in
///     try await tx.query("INSERT INTO orders (id) VALUES ($1)", [.text(envelope.data.orderID)])
/// }
/// ```
///
/// A handler runs inside the consumer's idempotent transaction: its effects commit together with the
/// record that the event was processed. It must use `tx`, not the database. Slow work that needs no
/// transaction (a call to an idempotent remote API) goes into a `prepare` step that runs before it
/// (``on(_:prepare:committing:)``), so it does not hold the transaction open.
public struct EventHandlers: Sendable {
    /// Applies one event in the consumer's transaction.
    public typealias Handler<E: Event> = @Sendable (EventEnvelope<E>, any DatabaseTransaction) async throws -> Void

    /// Work to run once the handler's transaction has committed (in-process notifications, metrics);
    /// never run for a duplicate or a rolled-back transaction.
    public typealias Aftermath = @Sendable () -> Void

    /// Applies one event in the consumer's transaction and returns what to do once it committed.
    public typealias CommittingHandler<E: Event> = @Sendable (EventEnvelope<E>, any DatabaseTransaction) async throws -> Aftermath?

    /// Does an event's slow idempotent work outside any transaction; its result goes to the applying handler.
    public typealias Preparation<E: Event, P: Sendable> = @Sendable (EventEnvelope<E>) async throws -> P

    /// Applies one event with the result of its preparation in the consumer's transaction.
    public typealias PreparedHandler<E: Event, P: Sendable> = @Sendable (EventEnvelope<E>, P, any DatabaseTransaction) async throws -> Aftermath?

    /// The work to run in the consumer's transaction.
    typealias Apply = @Sendable (any DatabaseTransaction) async throws -> Aftermath?
    /// The work to run before the transaction (nothing for most handlers), giving the work to run in it.
    typealias Prepare = @Sendable () async throws -> Apply
    /// Decodes the bytes of one message (outside any transaction) into its preparation.
    typealias Entry = @Sendable ([UInt8], EventCodec) throws -> Prepare

    private var entries: [Key: Entry] = [:]

    struct Key: Hashable {
        var type: String
        var version: Int
    }

    /// No handlers.
    public init() {}

    /// Registers `handler` for events of type `E` (its ``Event/type`` and ``Event/version``);
    /// a later registration for the same type and version replaces an earlier one.
    public mutating func on<E: Event>(_ type: E.Type, _ handler: @escaping Handler<E>) {
        entries[Key(type: E.type, version: E.version)] = { bytes, codec in
            let envelope = try codec.decode(E.self, from: bytes)
            return {
                { tx in
                    try await handler(envelope, tx)
                    return nil
                }
            }
        }
    }

    /// Registers `handler` for events of type `E`; the ``Aftermath`` it returns runs after the
    /// transaction committed, once per applied event (not for a duplicate).
    ///
    /// ```swift
    /// handlers.on(OrderCreated.self, committing: { envelope, tx in
    ///     try await reserve(envelope.data, in: tx)
    ///     return { steps.increment() }
    /// })
    /// ```
    public mutating func on<E: Event>(_ type: E.Type, committing handler: @escaping CommittingHandler<E>) {
        entries[Key(type: E.type, version: E.version)] = { bytes, codec in
            let envelope = try codec.decode(E.self, from: bytes)
            return { { tx in try await handler(envelope, tx) } }
        }
    }

    /// Registers a two-step handler for events of type `E`: `prepare` runs first, outside any transaction,
    /// then `apply` runs in the consumer's transaction with its result; the ``Aftermath`` `apply` returns
    /// runs after the commit, as with ``on(_:committing:)``.
    ///
    /// `prepare` keeps slow work (a remote call) from holding a transaction open. It runs on every
    /// delivery, including a redelivered event that turns out to be a duplicate (whose `apply` is
    /// skipped) and a retry after `apply` failed, so it must be idempotent: e.g. a payment gateway call
    /// keyed by an idempotency key, which answers a repeated call with the first result. Its errors are
    /// handled like a handler's: ``KafkaHandlerError`` decides, a transient `DatabaseError` is retried.
    ///
    /// ```swift
    /// handlers.on(InventoryReserved.self, prepare: { envelope in
    ///     try await gateway.charge(key: envelope.data.orderID)
    /// }, committing: { envelope, charge, tx in
    ///     try await record(charge, in: tx)
    ///     return nil
    /// })
    /// ```
    public mutating func on<E: Event, P: Sendable>(
        _ type: E.Type,
        prepare: @escaping Preparation<E, P>,
        committing apply: @escaping PreparedHandler<E, P>
    ) {
        entries[Key(type: E.type, version: E.version)] = { bytes, codec in
            let envelope = try codec.decode(E.self, from: bytes)
            return {
                let prepared = try await prepare(envelope)
                return { tx in try await apply(envelope, prepared, tx) }
            }
        }
    }

    /// The event types (`type v<version>`) handled, sorted.
    public var registeredTypes: [String] {
        entries.keys.map { "\($0.type) v\($0.version)" }.sorted()
    }

    func entry(type: String, version: Int) -> Entry? {
        entries[Key(type: type, version: version)]
    }
}
