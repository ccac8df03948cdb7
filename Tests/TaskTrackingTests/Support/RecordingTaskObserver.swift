import Synchronization
import TaskTracking

/// Records every lifecycle event it is told about, as `started name`, `finished name`, `leak name`.
final class RecordingTaskObserver: TaskLifecycleObserver {
    private let recorded = Mutex<[String]>([])

    var events: [String] { recorded.withLock { $0 } }

    func taskStarted(_ id: TrackedTaskID, _ task: TrackedTaskInfo) {
        recorded.withLock { $0.append("started \(task.name)") }
    }

    func taskFinished(_ id: TrackedTaskID, _ task: TrackedTaskInfo, duration: Duration) {
        recorded.withLock { $0.append("finished \(task.name)") }
    }

    func taskSuspectedLeak(_ leak: SuspectedTaskLeak) {
        recorded.withLock { $0.append("leak \(leak.task.name)") }
    }
}
