/// An `errno` value from a failed system call.
public struct SystemCallError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The system call (or C shim function) that failed.
    public var call: String
    /// Its `errno`.
    public var errno: Int32

    /// Creates the error for one failed call.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `call: errno N`.
    public var description: String { "\(call): errno \(errno)" }
}
