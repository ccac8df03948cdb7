/// A variable scripts/test.sh exports is not set: the test runs outside the test script.
package struct MissingTestEnvironment: Error, CustomStringConvertible {
    /// The variable.
    package var variable: String

    /// Creates the error for `variable`.
    package init(_ variable: String) { self.variable = variable }

    /// What to do about it.
    package var description: String { "\(variable) is not set: run the tests through scripts/test.sh" }
}
