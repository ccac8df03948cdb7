/// A condition that did not hold in time.
package struct TimedOut: Error, CustomStringConvertible {
    /// What was waited for, and how long.
    package var description: String
}

/// Polls `condition` every 20 ms until it holds; throws ``TimedOut`` after `seconds`.
package func eventually(_ what: String, within seconds: Int = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TimedOut(description: "timed out after \(seconds) s waiting for \(what)")
}
