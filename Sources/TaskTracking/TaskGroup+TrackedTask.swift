// Tracked children for the four task-group kinds. Each wraps `addTask`: one registry slot, the
// task's scope bound in the child, and the closure context `addTask` allocates anyway.

extension TaskGroup {
    /// Adds a child task registered as a tracked task (name, creation site, start, deadline, trace context).
    ///
    /// `name` is a metric label: keep it static and bounded (`"orders.consume"`, never an id).
    public mutating func addTrackedTask(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async -> ChildTaskResult
    ) {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        addTask(priority: priority) { await ticket.runTask(operation) }
    }
}

extension ThrowingTaskGroup {
    /// Adds a throwing child task registered as a tracked task; see ``Swift/TaskGroup/addTrackedTask(_:deadline:priority:fileID:line:operation:)``.
    public mutating func addTrackedTask(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async throws -> ChildTaskResult
    ) {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        addTask(priority: priority) { try await ticket.runTask(operation) }
    }
}

extension DiscardingTaskGroup {
    /// Adds a child task registered as a tracked task; see ``Swift/TaskGroup/addTrackedTask(_:deadline:priority:fileID:line:operation:)``.
    public mutating func addTrackedTask(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async -> Void
    ) {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        addTask(priority: priority) { await ticket.runTask(operation) }
    }
}

extension ThrowingDiscardingTaskGroup {
    /// Adds a throwing child task registered as a tracked task; see ``Swift/TaskGroup/addTrackedTask(_:deadline:priority:fileID:line:operation:)``.
    public mutating func addTrackedTask(
        _ name: StaticString,
        deadline: ContinuousClock.Instant? = nil,
        priority: TaskPriority? = nil,
        fileID: StaticString = #fileID,
        line: UInt = #line,
        operation: sending @escaping () async throws -> Void
    ) {
        let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
        addTask(priority: priority) { try await ticket.runTask(operation) }
    }
}
