/// A call the breaker refused: the dependency's breaker is open (or half-open with every probe slot taken).
public struct CircuitBreakerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the call was refused.
    public enum Code: String, Sendable, Hashable {
        /// The breaker is open.
        case open
        /// The breaker is half-open and its probes are all in flight.
        case probesInFlight = "probes_in_flight"
    }

    /// Why.
    public var code: Code
    /// The dependency whose breaker refused the call.
    public var dependency: String
    /// A human-readable explanation.
    public var message: String

    /// Creates the error.
    public init(code: Code, dependency: String, message: String) {
        self.code = code
        self.dependency = dependency
        self.message = message
    }

    public var description: String { "circuit breaker \(dependency) \(code.rawValue): \(message)" }
}
