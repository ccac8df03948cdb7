/// A dump that could not be written (full disk, read-only directory...), with the path and the system's reason.
public struct FlightRecorderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What failed.
    public enum Code: String, Sendable {
        /// The dump directory could not be created.
        case directory
        /// The dump file could not be opened, written or renamed.
        case write
    }

    /// What failed.
    public var code: Code
    /// A message for the operator, naming the path.
    public var message: String
    /// The `errno` of the failing call.
    public var errno: Int32
    /// Where it was raised.
    public var location: String

    /// Creates an error.
    public init(code: Code, message: String, errno: Int32, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.errno = errno
        self.location = "\(file):\(line)"
    }

    /// One line for logs.
    public var description: String { "\(code.rawValue): \(message) (errno \(errno)) at \(location)" }
}
