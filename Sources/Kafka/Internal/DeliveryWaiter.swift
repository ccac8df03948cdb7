import Synchronization

/// One produced message's delivery report, handed from librdkafka's callback to the awaiting `send`.
///
/// `send` passes it as the message's opaque (retained); the delivery callback takes it back and
/// completes it exactly once.
final class DeliveryWaiter: Sendable {
    private let continuation: Mutex<CheckedContinuation<KafkaDelivery, any Error>?>

    init(_ continuation: CheckedContinuation<KafkaDelivery, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func complete(_ result: Result<KafkaDelivery, KafkaError>) {
        let continuation = self.continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        continuation?.resume(with: result.mapError { $0 as any Error })
    }
}
