public import Kafka
public import Logging
public import Storage

/// Applies events from Kafka exactly once per consumer: the ``KafkaConsumer`` handler that reads the
/// envelope, routes it to its typed handler and runs it in an inbox transaction.
///
/// - A message that is not a readable envelope (malformed, unsupported version, oversized, a payload
///   not matching its type) or whose type has no handler fails permanently: the Kafka consumer sends it
///   to `<topic>.dlq` with `dlq.reason` = `<code>: <message>` (the ``EnvelopeError`` codes).
/// - The handler's effects and the processed event id commit in one transaction
///   (``InboxStore/withIdempotentTransaction(in:eventID:consumer:_:)``): a redelivered event has no
///   second effect and counts in `inbox.duplicates.skipped`.
/// - A handler's `prepare` step (``EventHandlers/on(_:prepare:committing:)``) runs before that
///   transaction, on every delivery (duplicates too); its errors are handled like the handler's.
/// - Database failures that may pass (connection, busy, conflict) are transient (retried); other
///   database failures are permanent.
///
/// ```swift
/// let events = EventConsumer(name: "billing", database: database, handlers: handlers)
/// let consumer = try KafkaConsumer(configuration: kafka, options: KafkaConsumerOptions(groupID: "billing", topics: ["orders"]),
///                                  deadLetterProducer: producer, handler: events.handle)
/// ```
public struct EventConsumer: Sendable {
    /// The inbox's consumer name (normally the consumer group id): each name applies an event once.
    public let name: String
    let database: any Database
    let handlers: EventHandlers
    let codec: EventCodec
    let inbox: InboxStore
    let logger: Logger

    /// Creates the handler of consumer `name`.
    public init(
        name: String,
        database: any Database,
        handlers: EventHandlers,
        codec: EventCodec = EventCodec(),
        inbox: InboxStore = InboxStore(),
        logger: Logger = Logger(label: "messaging.consumer")
    ) {
        self.name = name
        self.database = database
        self.handlers = handlers
        self.codec = codec
        self.inbox = inbox
        self.logger = logger
        inbox.register(consumer: name)
    }

    /// Handles one Kafka message (a ``KafkaConsumer/Handler``).
    ///
    /// - Throws: ``KafkaHandlerError`` saying whether a retry can help.
    public func handle(_ message: KafkaMessage) async throws {
        let prepare: EventHandlers.Prepare
        let header: EnvelopeHeader
        do {
            header = try codec.header(of: message.value)
            guard let entry = handlers.entry(type: header.type, version: header.version) else {
                throw EnvelopeError(.unknownType, "no handler for \(header.type) v\(header.version) in consumer \(name)")
            }
            prepare = try entry(message.value, codec)
        } catch {
            throw KafkaHandlerError(.permanent, reason: String(describing: error))
        }
        do {
            let apply = try await prepare()
            let applied: Applied? = try await inbox.withIdempotentTransaction(in: database, eventID: header.id, consumer: name) { tx in
                Applied(aftermath: try await apply(tx))
            }
            if let applied {
                applied.aftermath?()
            } else {
                logger.debug("duplicate event skipped", metadata: ["event.id": "\(header.id)", "event.type": "\(header.type)"])
            }
        } catch let error as DatabaseError {
            throw Self.classify(error)
        } catch let error as EnvelopeError {
            throw KafkaHandlerError(.permanent, reason: error.description)
        }
    }

    /// A handler's committed outcome: what to run now that the transaction committed.
    private struct Applied: Sendable {
        var aftermath: EventHandlers.Aftermath?
    }

    /// Transient for failures that may pass, permanent for the rest.
    package static func classify(_ error: DatabaseError) -> KafkaHandlerError {
        let transient: Set<DatabaseError.Code> = [.connectionFailed, .busy, .transactionConflict, .closed]
        return KafkaHandlerError(transient.contains(error.code) ? .transient : .permanent, reason: "database \(error.code): \(error.message)")
    }
}
