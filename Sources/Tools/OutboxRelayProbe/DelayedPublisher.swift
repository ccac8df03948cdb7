import Storage

/// Waits `delay` before each publish of `inner`, so a test can kill the relay mid-batch.
struct DelayedPublisher: OutboxPublisher {
    let inner: any OutboxPublisher
    let delay: Duration

    func publish(_ message: OutboxMessage) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        try await inner.publish(message)
    }
}
