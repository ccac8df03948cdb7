/// A synchronous dependency (Pricing, Inventory) did not answer usefully.
struct DependencyError: Error, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        /// Its breaker is open: the call was not made.
        case circuitOpen = "circuit_open"
        /// It failed (unavailable, timed out, overloaded, internal error), retries included.
        case unavailable
        /// It refused the request as invalid (a bug on our side, not its health).
        case rejected
    }

    var code: Code
    var dependency: String
    var message: String
    var cause: (any Error)?

    var description: String {
        "\(dependency) \(code.rawValue): \(message)" + (cause.map { " (\($0))" } ?? "")
    }
}
