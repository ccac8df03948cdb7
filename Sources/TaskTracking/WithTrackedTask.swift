/// Tracks the current work inline as a named task until `operation` returns: per-message or
/// per-request work that does not need a task of its own.
///
/// ```swift
/// try await withTrackedTask("orders.process", deadline: .now + .seconds(30)) {
///     try await process(message)
/// }
/// ```
public func withTrackedTask<T>(
    _ name: StaticString,
    deadline: ContinuousClock.Instant? = nil,
    fileID: StaticString = #fileID,
    line: UInt = #line,
    isolation: isolated (any Actor)? = #isolation,
    operation: () async throws -> T
) async rethrows -> T {
    let ticket = TrackedTaskTicket.begin(name, fileID: fileID, line: line, deadline: deadline)
    return try await ticket.run(isolation: isolation, operation)
}
