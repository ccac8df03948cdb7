import ServiceContextModule

/// What the registry keeps about one live tracked task. No `String` or `Date`: names and sites are
/// static strings, the start is a ``TaskClock`` reading, so registering costs no allocation.
struct TrackedTaskEntry {
    let name: StaticString
    let fileID: StaticString
    let line: UInt
    /// ``TaskClock`` nanoseconds.
    let start: Int64
    /// The deadline as a `Duration` from ``TaskClock/epoch``.
    let deadline: Duration?
    /// The creator's context, read for trace ids only when someone asks (a snapshot, a leak warning).
    let context: ServiceContext?
    /// The test scope the task was started in (0 outside ``withTaskScope``).
    let scope: UInt64
    let parent: TrackedTaskID
    /// Unowned: the registry's name table keeps every `TaskNameMetrics` alive as long as the registry,
    /// which owns this entry. Saves a retain/release pair per task.
    unowned(unsafe) let metrics: TaskNameMetrics
    /// Set once the watchdog has reported the task, so it is reported once.
    var flagged = false

    /// The deadline as an instant.
    var deadlineInstant: ContinuousClock.Instant? { deadline.map { TaskClock.epoch.advanced(by: $0) } }

    /// The static facts, for a ``TaskLifecycleObserver``.
    var info: TrackedTaskInfo {
        TrackedTaskInfo(name: name, fileID: fileID, line: line, startNanoseconds: start, deadlineOffset: deadline)
    }
}
