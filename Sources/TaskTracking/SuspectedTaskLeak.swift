/// A tracked task the watchdog flagged: past its deadline, or older than the age threshold.
public struct SuspectedTaskLeak: Sendable, Hashable {
    /// Why the task was flagged.
    public enum Reason: String, Sendable, Hashable {
        /// It is still running after the deadline it was started with.
        case pastDeadline = "past_deadline"
        /// It has no deadline (or has not reached it) but is older than the threshold.
        case olderThanThreshold = "older_than_threshold"
    }

    /// The task.
    public var task: TrackedTaskRecord
    /// Why it was flagged.
    public var reason: Reason
    /// Its age when flagged.
    public var age: Duration
}
