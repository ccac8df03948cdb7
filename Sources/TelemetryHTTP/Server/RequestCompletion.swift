import Synchronization

/// Runs a request's completion exactly once: when the response body has been written, or when the
/// body is released without being written.
final class RequestCompletion: Sendable {
    let action: @Sendable () -> Void
    let done = Atomic<Bool>(false)

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = action
    }

    func run() {
        guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
        action()
    }

    deinit {
        run()
    }
}
