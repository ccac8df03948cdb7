/// An event waiting in (or read from) the outbox.
public struct OutboxMessage: Sendable, Hashable {
    /// The event id: unique, and the consumer's idempotency key.
    public var id: String
    /// The aggregate the event belongs to; events of one aggregate are published in enqueue order.
    public var aggregateID: String
    /// Destination topic.
    public var topic: String
    /// Message key (partitioning); defaults to the aggregate id.
    public var key: String
    /// The event type, e.g. `order.placed`.
    public var eventType: String
    /// The serialised event (the envelope is the caller's).
    public var payload: [UInt8]
    /// Headers, including the trace context captured at enqueue.
    public var headers: OutboxHeaders
    /// When it was enqueued, in microseconds since the Unix epoch (set by ``OutboxStore``).
    public var createdAt: Int64
    /// Publish attempts so far, this one included (set by ``OutboxRelay``).
    public var attempts: Int

    /// Creates a message to enqueue.
    public init(
        id: String, aggregateID: String, topic: String, key: String? = nil, eventType: String, payload: [UInt8],
        headers: OutboxHeaders = [:]
    ) {
        self.id = id
        self.aggregateID = aggregateID
        self.topic = topic
        self.key = key ?? aggregateID
        self.eventType = eventType
        self.payload = payload
        self.headers = headers
        self.createdAt = 0
        self.attempts = 0
    }

    /// Reads a claimed outbox row.
    init(row: DatabaseRow) throws(DatabaseError) {
        func required<T>(_ value: T?, _ column: String) throws(DatabaseError) -> T {
            guard let value else { throw DatabaseError(code: .decodingFailed, message: "outbox column \(column) is NULL") }
            return value
        }
        self.init(
            id: try required(row.text("id"), "id"),
            aggregateID: try required(row.text("aggregate_id"), "aggregate_id"),
            topic: try required(row.text("topic"), "topic"),
            key: try required(row.text("message_key"), "message_key"),
            eventType: try required(row.text("event_type"), "event_type"),
            payload: try required(row.bytes("payload"), "payload"),
            headers: OutboxHeaders(encoded: try required(row.text("headers"), "headers"))
        )
        createdAt = try required(row.integer("created_at"), "created_at")
        attempts = Int(try required(row.integer("attempts"), "attempts"))
    }
}
