/// A configuration value the process cannot start with, naming the variable and what it accepts.
///
/// ```
/// OTEL_TRACES_SAMPLER="sometimes" is not valid: accepted values are always_on, always_off, ...
/// ```
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The environment variable (or setting) at fault.
    public var variable: String
    /// The value it had.
    public var value: String
    /// What would have been accepted.
    public var accepted: String

    /// Creates an error for one variable.
    public init(variable: String, value: String, accepted: String) {
        self.variable = variable
        self.value = value
        self.accepted = accepted
    }

    /// One line for the operator.
    public var description: String {
        "\(variable)=\"\(value)\" is not valid: \(accepted)"
    }
}
