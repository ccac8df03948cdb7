/// Unstructured tracked tasks, for the rare work that must outlive its creator. Prefer a task group
/// (``Swift/TaskGroup/addTrackedTask(_:deadline:priority:fileID:line:operation:)``) or ``withTrackedTask(_:deadline:fileID:line:isolation:operation:)``.
public enum TrackedTask {
    /// Starts a detached tracked task. Like `Task.detached` it inherits no task-locals (no
    /// `ServiceContext`), but it is registered with its creator's trace context and leak-check scope.
    @discardableResult
    @_disfavoredOverload
    public static func detached<Success: Sendable>(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        return Task.detached(priority: priority) { try await ticket.runTask(operation) }
    }

    /// Starts a detached tracked task that cannot throw (see the throwing variant).
    @discardableResult
    public static func detached<Success: Sendable>(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async -> Success
    ) -> Task<Success, Never> {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        return Task.detached(priority: priority) { await ticket.runTask(operation) }
    }
}
