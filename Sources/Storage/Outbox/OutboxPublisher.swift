import Tracing

/// Where the relay sends outbox messages (Kafka in production); returns once the message is durably
/// accepted (e.g. the broker acknowledged it). Throwing leaves the message pending for a retry.
///
/// The relay hands a claimed batch to the batch `publish(_:)`; the default publishes
/// message by message (see there), so a publisher only has to implement the one-message `publish(_:)`,
/// while one with a cheaper batch path (``KafkaOutboxPublisher``) implements both.
public protocol OutboxPublisher: Sendable {
    /// Publishes one message; `ServiceContext.current` holds the trace context to inject into it.
    func publish(_ message: OutboxMessage) async throws

    /// Publishes a claimed batch (in `seq` order); one result per publication, in order.
    ///
    /// A success means the message is durably accepted. The relay marks an aggregate's rows sent up to
    /// its first failure, so an implementation must not publish an aggregate's later rows ahead of an
    /// earlier one (a stream that keeps the order, like one Kafka partition per key, does that).
    func publish(_ batch: [OutboxPublication]) async -> [Result<Void, any Error>]
}

extension OutboxPublisher {
    /// Publishes each aggregate's messages one by one, oldest first, each in its publication's context
    /// (aggregates side by side); after a failure, the aggregate's later messages are not published and
    /// fail with a deferral.
    public func publish(_ batch: [OutboxPublication]) async -> [Result<Void, any Error>] {
        var byAggregate: [String: [Int]] = [:]
        for (index, publication) in batch.enumerated() { byAggregate[publication.message.aggregateID, default: []].append(index) }
        var results = [Result<Void, any Error>](repeating: .success(()), count: batch.count)
        await withTaskGroup(of: [(Int, Result<Void, any Error>)].self) { group in
            for indices in byAggregate.values {
                group.addTask {
                    var outcomes: [(Int, Result<Void, any Error>)] = []
                    var failed = false
                    for index in indices {
                        guard !failed else {
                            outcomes.append((index, .failure(OutboxDeferral(eventID: batch[index].message.id))))
                            continue
                        }
                        do {
                            try await ServiceContext.$current.withValue(batch[index].context) { try await publish(batch[index].message) }
                            outcomes.append((index, .success(())))
                        } catch {
                            failed = true
                            outcomes.append((index, .failure(error)))
                        }
                    }
                    return outcomes
                }
            }
            for await outcomes in group { for (index, result) in outcomes { results[index] = result } }
        }
        return results
    }
}

/// The row was not published because an earlier row of its aggregate failed in the same batch.
struct OutboxDeferral: Error, CustomStringConvertible {
    var eventID: String
    var description: String { "\(eventID) not published: an earlier event of its aggregate failed" }
}
