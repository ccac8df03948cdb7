/// Why a profile, thread dump or heap reading could not be produced.
///
/// The admin server maps ``Code-swift.struct/busy`` to 409 and ``Code-swift.struct/invalidDuration`` and
/// ``Code-swift.struct/invalidFrequency`` to 400; anything else is a 500.
public struct ProfilingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, stable enough to branch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A name for logs and problem details.
        public let description: String

        /// Another CPU profile is being taken (there is one SIGPROF timer per process).
        public static let busy = Code(description: "busy")
        /// The requested profile length is zero, negative, or over ``CPUProfiler/maximumDuration``.
        public static let invalidDuration = Code(description: "invalidDuration")
        /// The sampling frequency is outside 1...1000 Hz.
        public static let invalidFrequency = Code(description: "invalidFrequency")
        /// The profile was cancelled before its duration elapsed.
        public static let cancelled = Code(description: "cancelled")
        /// The operating system refused the signal handler, the timer, a signal or `/proc` (see the cause).
        public static let systemCallFailed = Code(description: "systemCallFailed")
    }

    /// What went wrong.
    public var code: Code
    /// One line for the operator.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was raised (`#fileID:#line`).
    public var location: String

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error & Sendable)? = nil, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.location = "\(fileID):\(line)"
    }

    /// `code: message (cause)`.
    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }
}
