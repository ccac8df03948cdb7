/// Every failure of the Storage target, in one shape: what kind, a message for the operator, the cause.
///
/// PostgreSQL and SQLite errors are mapped here and never leave the target: the driver's own error
/// types are reduced to their code and message (``sqlState`` keeps PostgreSQL's SQLSTATE).
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; stable strings, used as the span's `error.type`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as text, e.g. `unique_violation`.
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database could not be reached, or the connection broke.
        public static let connectionFailed = Code("connection_failed")
        /// The server rejected the statement (syntax, missing table, type mismatch...).
        public static let queryFailed = Code("query_failed")
        /// A unique or primary-key constraint was violated.
        public static let uniqueViolation = Code("unique_violation")
        /// Another constraint (not null, foreign key, check) was violated.
        public static let constraintViolation = Code("constraint_violation")
        /// The transaction lost a serialization race or a deadlock and may be retried.
        public static let transactionConflict = Code("transaction_conflict")
        /// The database stayed locked by another writer past the busy timeout (SQLite).
        public static let busy = Code("busy")
        /// A result column could not be read as the requested type.
        public static let decodingFailed = Code("decoding_failed")
        /// The database schema is newer than this code knows: refusing to run.
        public static let schemaTooNew = Code("schema_too_new")
        /// The configuration (URL, path) is unusable.
        public static let invalidConfiguration = Code("invalid_configuration")
        /// The database was closed or shut down.
        public static let closed = Code("closed")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, for the operator (never contains bound parameter values).
    public var message: String
    /// PostgreSQL's SQLSTATE (e.g. `23505`), when the server reported one.
    public var sqlState: String?
    /// The underlying error, when it is not a driver error (those are reduced to ``message``).
    public var cause: (any Error & Sendable)?
    /// Where the error was raised.
    public var location: String

    /// Creates an error.
    public init(
        code: Code, message: String, sqlState: String? = nil, cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.cause = cause
        self.location = "\(fileID):\(line)"
    }

    /// One line: code, SQLSTATE, message and cause.
    public var description: String {
        var text = "DatabaseError(\(code)"
        if let sqlState { text += ", SQLSTATE \(sqlState)" }
        text += "): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
