public import TelemetryCore

/// One lifecycle event of a tracked task, as the flight recorder keeps it.
public struct TaskEvent: Sendable, Equatable {
    /// What happened to the task.
    public enum Phase: UInt8, Sendable, CaseIterable {
        /// The task started.
        case started = 1
        /// The task finished (returned or threw).
        case finished = 2
        /// The task was cancelled.
        case cancelled = 3
        /// The watchdog suspects the task leaked (past its deadline or too old).
        case leakSuspected = 4

        /// The name used in dumps.
        public var name: String {
            switch self {
            case .started: "started"
            case .finished: "finished"
            case .cancelled: "cancelled"
            case .leakSuspected: "leak_suspected"
            }
        }
    }

    /// What happened.
    public var phase: Phase
    /// The tracked task's id (unique in the process).
    public var taskID: UInt64
    /// The task's name (bounded cardinality, e.g. `kafka.consumer`).
    public var name: String
    /// Where it was created, `#fileID:#line`.
    public var site: String
    /// The trace the task was started in, if any.
    public var traceID: TraceID?
    /// When it happened, in nanoseconds since the Unix epoch.
    public var timeNanos: UInt64

    /// Creates an event.
    public init(phase: Phase, taskID: UInt64, name: String, site: String, traceID: TraceID? = nil, timeNanos: UInt64) {
        self.phase = phase
        self.taskID = taskID
        self.name = name
        self.site = site
        self.traceID = traceID
        self.timeNanos = timeNanos
    }
}
