import Storage
import Synchronization
import Tracing

/// An ``OutboxPublisher`` that keeps what it was given (and the trace context it ran in); it can be
/// told to fail the next publishes.
final class RecordingPublisher: OutboxPublisher {
    struct Published: Sendable {
        var message: OutboxMessage
        var context: ServiceContext?
    }

    struct Failure: Error {}

    private let state = Mutex<(published: [Published], failuresLeft: Int)>(([], 0))

    var published: [Published] { state.withLock { $0.published } }
    var ids: [String] { published.map(\.message.id) }

    func failNext(_ count: Int) {
        state.withLock { $0.failuresLeft = count }
    }

    func publish(_ message: OutboxMessage) async throws {
        let context = ServiceContext.current
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw Failure()
            }
            state.published.append(Published(message: message, context: context))
        }
    }
}
