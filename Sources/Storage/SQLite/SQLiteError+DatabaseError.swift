import SQLiteNIO

extension DatabaseError {
    /// Reduces any sqlite-nio error to a ``DatabaseError`` (kind and SQLite's message only).
    static func sqlite(_ error: any Error, fileID: String = #fileID, line: Int = #line) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        guard let error = error as? SQLiteError else {
            return DatabaseError(code: .connectionFailed, message: "SQLite: \(type(of: error))", fileID: fileID, line: line)
        }
        let code: Code =
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: .uniqueViolation
            case .constraint, .constraintNotNullFailed, .constraintForeignKeyFailed, .constraintCheckFailed: .constraintViolation
            case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked: .busy
            case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .notADatabase, .ioError, .readOnly: .connectionFailed
            default: .queryFailed
            }
        return DatabaseError(code: code, message: "SQLite: \(error.message)", fileID: fileID, line: line)
    }
}
