import Logging
import ServiceLifecycle
import TaskTracking

/// Gives a listener a bounded time to drain after graceful shutdown begins, then cancels it, so one
/// stuck request cannot keep telemetry from flushing.
struct DrainBoundedService: Service {
    let name: String
    /// The tracked-task name of the listener (`http.serve`, `grpc.serve`).
    let taskName: StaticString
    let inner: any Service
    let drainTimeout: Duration
    let logger: Logger

    func run() async throws {
        let timedOut = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTrackedTask(taskName) {
                try await inner.run()
                return false
            }
            group.addTrackedTask("listener.drain_timer") {
                try await gracefulShutdown()
                try await Task.sleep(for: drainTimeout)
                return true
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        if timedOut {
            logger.warning("drain timed out; remaining requests were cancelled", metadata: ["listener": "\(name)", "drain_timeout": "\(drainTimeout)"])
        }
    }
}
