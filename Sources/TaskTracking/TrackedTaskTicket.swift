/// What a started tracked task carries into its closure: enough to bind its scope and to unregister.
struct TrackedTaskTicket: Sendable {
    let registry: TaskRegistry
    let id: TrackedTaskID
    let start: ContinuousClock.Instant
    /// Unowned: `registry` (held strongly here) keeps it alive in its name tables.
    unowned(unsafe) let metrics: TaskNameMetrics
    /// The scope the task's own children inherit.
    let local: TrackingScope

    /// Starts a tracked task in the registry the current task runs under.
    static func begin(
        _ name: StaticString, fileID: StaticString, line: UInt, deadline: ContinuousClock.Instant?
    ) -> TrackedTaskTicket {
        let scope = TrackingScope.current
        return (scope.registry ?? .shared).begin(name, fileID: fileID, line: line, deadline: deadline, parent: scope)
    }

    /// Runs the task's operation with its scope bound, and unregisters it however the operation ends.
    func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> T
    ) async rethrows -> T {
        defer { registry.end(self) }
        return try await TrackingScope.$current.withValue(local, operation: operation, isolation: isolation)
    }
}
