import FlightRecorder
import TaskTracking

/// Feeds tracked-task lifecycle events to the flight recorder, and makes a suspected leak an incident.
struct FlightRecorderTaskObserver: TaskLifecycleObserver {
    let recorder: FlightRecorder

    func taskStarted(_ id: TrackedTaskID, _ task: TrackedTaskInfo) {
        record(.started, id, task)
    }

    func taskFinished(_ id: TrackedTaskID, _ task: TrackedTaskInfo, duration: Duration) {
        record(.finished, id, task)
    }

    func taskSuspectedLeak(_ leak: SuspectedTaskLeak) {
        recorder.record(
            taskEvent: TaskEvent(
                phase: .leakSuspected, taskID: leak.task.id.rawValue, name: leak.task.name, site: leak.task.site,
                timeNanos: FlightRecorder.nowNanos()
            )
        )
        recorder.trigger(reason: "task_leak")
    }

    private func record(_ phase: TaskEvent.Phase, _ id: TrackedTaskID, _ task: TrackedTaskInfo) {
        recorder.record(
            taskEvent: TaskEvent(
                phase: phase, taskID: id.rawValue, name: task.name.description, site: task.site,
                timeNanos: FlightRecorder.nowNanos()
            )
        )
    }
}
