package import TaskTracking

/// Runs `body` and returns the tracked tasks it left alive: tasks started inside it (directly, in
/// children, or detached through ``TrackedTask``) that are still running `grace` after it returned.
/// Sees only its own tasks, so tests may run in parallel. The counterpart of Go's goleak.
///
/// ```swift
/// let (leaks, _) = await findTaskLeaks { startSomethingThatLeaks() }
/// #expect(leaks.map(\.name) == ["orders.consume"])
/// ```
@discardableResult
package func findTaskLeaks<T>(
    grace: Duration = .seconds(1),
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async rethrows -> (leaks: [TrackedTaskRecord], result: T) {
    let registry = TaskRegistry.current
    let (scope, result) = try await withTaskScope(isolation: isolation, body)
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: grace)
    while registry.liveCount(inScope: scope) > 0, clock.now < end {
        try? await clock.sleep(for: .milliseconds(5))
    }
    let leaks = registry.liveTasks(inScope: scope).sorted { $0.id < $1.id }
    return (leaks, result)
}

/// Runs `body` and fails (throws ``TaskLeakError``) when it leaves tracked tasks alive after `grace`:
/// a thrown error fails the test in Swift Testing and in XCTest alike.
///
/// ```swift
/// @Test func server_stops_leavesNoTasks() async throws {
///     try await withNoTaskLeaks { try await runServerUntilStopped() }
/// }
/// ```
@discardableResult
package func withNoTaskLeaks<T>(
    grace: Duration = .seconds(1),
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async throws -> T {
    let (leaks, result) = try await findTaskLeaks(grace: grace, isolation: isolation, body)
    if !leaks.isEmpty { throw TaskLeakError(leaks: leaks, at: .now) }
    return result
}

/// Tracked tasks a test left alive, listed with their creation sites.
package struct TaskLeakError: Error, CustomStringConvertible {
    /// A stable code for tools.
    package let code = "task_leak"
    /// The leaked tasks.
    package let leaks: [TrackedTaskRecord]
    /// The message, one leaked task a line.
    package let message: String

    /// Describes `leaks` as seen at `now`.
    package init(leaks: [TrackedTaskRecord], at now: ContinuousClock.Instant) {
        self.leaks = leaks
        message = "\(leaks.count) tracked task\(leaks.count == 1 ? "" : "s") still alive:\n"
            + leaks.map { "  " + $0.summary(at: now) }.joined(separator: "\n")
    }

    /// The message.
    package var description: String { message }
}
