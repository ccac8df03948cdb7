import Synchronization

private let lastScope = Atomic<UInt64>(0)

/// Runs `body` in a fresh leak-check scope and returns the scope's id with the result: every tracked
/// task started inside (children and detached tracked tasks included) carries the id, so a check
/// sees only its own tasks while other tests run in parallel.
package func withTaskScope<T>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async rethrows -> (scope: UInt64, result: T) {
    let id = lastScope.add(1, ordering: .relaxed).newValue
    var scope = TrackingScope.current
    scope.scope = id
    let result = try await TrackingScope.$current.withValue(scope, operation: body, isolation: isolation)
    return (id, result)
}
