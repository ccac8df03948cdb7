import PostgresNIO

extension DatabaseError {
    /// Reduces any postgres-nio error to a ``DatabaseError`` (code, SQLSTATE and server message only).
    static func postgres(_ error: any Error, fileID: String = #fileID, line: Int = #line) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        guard let error = error as? PSQLError else {
            if error is CancellationError {
                return DatabaseError(code: .closed, message: "cancelled", cause: CancellationError(), fileID: fileID, line: line)
            }
            return DatabaseError(code: .connectionFailed, message: "PostgreSQL: \(type(of: error))", fileID: fileID, line: line)
        }
        if error.code == .server, let info = error.serverInfo {
            let sqlState = info[.sqlState] ?? ""
            let code: Code =
                switch sqlState {
                case "23505": .uniqueViolation
                case "40001", "40P01": .transactionConflict
                case _ where sqlState.hasPrefix("23"): .constraintViolation
                case _ where sqlState.hasPrefix("08"), _ where sqlState.hasPrefix("57"): .connectionFailed
                default: .queryFailed
                }
            return DatabaseError(
                code: code, message: "PostgreSQL: \(info[.message] ?? "server error")", sqlState: sqlState.isEmpty ? nil : sqlState,
                fileID: fileID, line: line
            )
        }
        let code: Code =
            switch error.code {
            case .poolClosed, .clientClosedConnection: .closed
            case .queryCancelled: .closed
            default: .connectionFailed
            }
        return DatabaseError(code: code, message: "PostgreSQL client: \(error.code)", fileID: fileID, line: line)
    }
}
