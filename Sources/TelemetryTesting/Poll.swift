/// Polls `probe` every 50 ms until it returns a value; throws ``TimedOut`` after `timeout`.
package func poll<T>(timeout: Duration, what: String, _ probe: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimedOut(description: "timed out waiting for \(what)")
}
