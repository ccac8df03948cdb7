import DiagnosticsServer
import TaskTracking

/// `/debug/tasks`: live tracked tasks grouped by name and creation site (Go's goroutine profile, for tasks).
struct TasksEndpoint: DiagnosticsEndpoint {
    let registry: TaskRegistry

    var path: String { "tasks" }
    var summary: String { "live tracked tasks by name and creation site, with ages, deadlines and trace ids" }

    func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let snapshot = registry.snapshot()
        return request.wantsJSON ? .json(Array(snapshot.renderJSON().utf8)) : .text(snapshot.renderText())
    }
}
