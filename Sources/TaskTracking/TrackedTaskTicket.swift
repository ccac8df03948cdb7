/// What a started tracked task carries into its closure: enough to bind its scope and to unregister.
struct TrackedTaskTicket: Sendable {
    let id: TrackedTaskID
    /// ``TaskClock`` nanoseconds.
    let start: Int64
    /// Unretained: the registry (held strongly by `local`, or ``TaskRegistry/shared``) keeps it alive in its name table.
    let metrics: Unmanaged<TaskNameMetrics>
    /// The scope the task's own children inherit; its registry (nil: shared) is the one the task is in.
    let local: TrackingScope

    /// Starts a tracked task in the registry the current task runs under.
    @inline(__always)
    static func begin(
        _ name: StaticString, fileID: StaticString, line: UInt, deadline: ContinuousClock.Instant?
    ) -> TrackedTaskTicket {
        let scope = TrackingScope.current
        if let registry = scope.registry {
            return registry.begin(name, fileID: fileID, line: line, deadline: deadline, parent: scope)
        }
        return TaskRegistry.unretainedShared._withUnsafeGuaranteedRef {
            $0.begin(name, fileID: fileID, line: line, deadline: deadline, parent: scope)
        }
    }

    /// Unregisters the task from its registry.
    @inline(__always)
    func end() {
        if let registry = local.registry {
            registry.end(self)
        } else {
            TaskRegistry.unretainedShared._withUnsafeGuaranteedRef { $0.end(self) }
        }
    }

    /// Runs the task's operation with its scope bound, and unregisters it however the operation ends.
    @inline(__always)
    func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> T
    ) async rethrows -> T {
        defer { end() }
        return try await TrackingScope.$current.withValue(local, operation: operation, isolation: isolation)
    }

    /// ``run(isolation:_:)`` for the body of a new child or detached task, which is nonisolated: no
    /// isolation parameter, so no executor hops on the way in and out.
    @inline(__always)
    func runTask<T>(_ operation: () async throws -> T) async rethrows -> T {
        defer { end() }
        return try await TrackingScope.$current.withValue(local, operation: operation)
    }
}
