/// Where the relay sends outbox messages (Kafka in production); returns once the message is durably
/// accepted (e.g. the broker acknowledged it). Throwing leaves the message pending for a retry.
///
/// The relay calls it inside the publish span, so `ServiceContext.current` holds the trace context
/// to inject into the outgoing message.
public protocol OutboxPublisher: Sendable {
    /// Publishes one message.
    func publish(_ message: OutboxMessage) async throws
}
