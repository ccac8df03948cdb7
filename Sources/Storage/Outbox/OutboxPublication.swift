public import Tracing

/// One claimed outbox row handed to the batch `OutboxPublisher.publish(_:)`, with the
/// trace context of its relay publish span (which continues the trace stored in the row).
public struct OutboxPublication: Sendable {
    /// The row's message.
    public var message: OutboxMessage
    /// The context to publish it in: its trace context belongs in the outgoing message.
    public var context: ServiceContext

    /// Creates a publication.
    public init(message: OutboxMessage, context: ServiceContext) {
        self.message = message
        self.context = context
    }
}
