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
/// record that the event was processed. It must use `tx`, not the database.
public struct EventHandlers: Sendable {
    /// Applies one event in the consumer's transaction.
    public typealias Handler<E: Event> = @Sendable (EventEnvelope<E>, any DatabaseTransaction) async throws -> Void

    /// Work to run once the handler's transaction has committed (in-process notifications, metrics);
    /// never run for a duplicate or a rolled-back transaction.
    public typealias Aftermath = @Sendable () -> Void

    /// Applies one event in the consumer's transaction and returns what to do once it committed.
    public typealias CommittingHandler<E: Event> = @Sendable (EventEnvelope<E>, any DatabaseTransaction) async throws -> Aftermath?

    /// Decodes the bytes of one message (outside any transaction) into the work to run in it.
    typealias Prepared = @Sendable (any DatabaseTransaction) async throws -> Aftermath?
    typealias Entry = @Sendable ([UInt8], EventCodec) throws -> Prepared

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
            return { tx in
                try await handler(envelope, tx)
                return nil
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
            return { tx in try await handler(envelope, tx) }
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
