import Storage
import Synchronization
import Tracing

/// An ``OutboxPublisher`` that keeps what it was given (and the trace context it ran in); it can be
/// told to fail the first publish of given event ids.
final class RecordingPublisher: OutboxPublisher {
    struct Published: Sendable {
        var message: OutboxMessage
        var context: ServiceContext?
    }

    struct Failure: Error {}

    private let state = Mutex<(published: [Published], failing: Set<String>)>(([], []))

    var published: [Published] { state.withLock { $0.published } }
    var ids: [String] { published.map(\.message.id) }

    func failOnce(_ id: String) {
        state.withLock { _ = $0.failing.insert(id) }
    }

    func publish(_ message: OutboxMessage) async throws {
        let context = ServiceContext.current
        try state.withLock { state in
            if state.failing.remove(message.id) != nil { throw Failure() }
            state.published.append(Published(message: message, context: context))
        }
    }
}
