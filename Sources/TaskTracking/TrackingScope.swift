/// What a tracked task's children inherit through a task-local: the registry, the test scope and the
/// parent task. One task-local read per tracked-task start.
struct TrackingScope: Sendable {
    /// The registry tasks register in; nil means ``TaskRegistry/shared`` (no reference count traffic).
    var registry: TaskRegistry?
    /// The leak-check scope (0: none); see ``withTaskScope(_:)``.
    var scope: UInt64
    /// The enclosing tracked task.
    var task: TrackedTaskID

    @TaskLocal static var current = TrackingScope(registry: nil, scope: 0, task: .none)
}
