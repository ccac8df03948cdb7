/// Receives tracked-task lifecycle events (the flight recorder installs one at bootstrap).
///
/// Called on the task's own thread, outside the registry's lock: keep it short and non-blocking.
/// Every method has an empty default.
public protocol TaskLifecycleObserver: Sendable {
    /// A tracked task was started.
    func taskStarted(_ id: TrackedTaskID, _ task: TrackedTaskInfo)
    /// A tracked task finished (returned, threw or was cancelled) after `duration`.
    func taskFinished(_ id: TrackedTaskID, _ task: TrackedTaskInfo, duration: Duration)
    /// The watchdog flagged a task as a suspected leak.
    func taskSuspectedLeak(_ leak: SuspectedTaskLeak)
}

extension TaskLifecycleObserver {
    /// Does nothing.
    public func taskStarted(_ id: TrackedTaskID, _ task: TrackedTaskInfo) {}
    /// Does nothing.
    public func taskFinished(_ id: TrackedTaskID, _ task: TrackedTaskInfo, duration: Duration) {}
    /// Does nothing.
    public func taskSuspectedLeak(_ leak: SuspectedTaskLeak) {}
}
