/// One result row: column names and values, decoded to ``DatabaseValue``s.
public struct DatabaseRow: Sendable, Hashable {
    /// Column names, in result order.
    public let columns: [String]
    /// Values, one per column.
    public let values: [DatabaseValue]

    /// Creates a row.
    public init(columns: [String], values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the column called `name`.
    public subscript(name: String) -> DatabaseValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// The integer in column `name`, or nil when NULL; a ``DatabaseError`` when missing or of another type.
    public func integer(_ name: String) throws(DatabaseError) -> Int64? {
        switch try value(name) {
        case .null: return nil
        case .integer(let value): return value
        case let other: throw mismatch(name, expected: "integer", found: other)
        }
    }

    /// The text in column `name`, or nil when NULL.
    public func text(_ name: String) throws(DatabaseError) -> String? {
        switch try value(name) {
        case .null: return nil
        case .text(let value): return value
        case let other: throw mismatch(name, expected: "text", found: other)
        }
    }

    /// The bytes in column `name`, or nil when NULL.
    public func bytes(_ name: String) throws(DatabaseError) -> [UInt8]? {
        switch try value(name) {
        case .null: return nil
        case .bytes(let value): return value
        case .text(let value): return Array(value.utf8)
        case let other: throw mismatch(name, expected: "bytes", found: other)
        }
    }

    private func value(_ name: String) throws(DatabaseError) -> DatabaseValue {
        guard let value = self[name] else {
            throw DatabaseError(code: .decodingFailed, message: "the result has no column \"\(name)\" (columns: \(columns.joined(separator: ", ")))")
        }
        return value
    }

    private func mismatch(_ name: String, expected: String, found: DatabaseValue) -> DatabaseError {
        DatabaseError(code: .decodingFailed, message: "column \"\(name)\" holds \(found), expected \(expected)")
    }
}
