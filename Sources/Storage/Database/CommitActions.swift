import Synchronization

/// What a transaction runs once it committed (``DatabaseTransaction/afterCommit(_:)``).
final class CommitActions: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func append(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs the actions once, in the order they were added.
    func run() {
        for action in actions.withLock({ actions in defer { actions = [] }; return actions }) { action() }
    }
}
