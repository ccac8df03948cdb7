import NIOCore
import PostgresNIO

/// ``DatabaseValue`` to and from postgres-nio's bindings and cells.
enum PostgresValueCoding {
    static func bindings(_ values: [DatabaseValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let integer): bindings.append(integer)
            case .real(let real): bindings.append(real)
            case .text(let text): bindings.append(text)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    static func row(_ row: PostgresRow) throws(DatabaseError) -> DatabaseRow {
        var columns: [String] = []
        var values: [DatabaseValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(cell))
        }
        return DatabaseRow(columns: columns, values: values)
    }

    private static func value(_ cell: PostgresCell) throws(DatabaseError) -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
            case .float8, .float4: return .real(try cell.decode(Double.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .bytes(Array(buffer: try cell.decode(ByteBuffer.self)))
            case .void: return .null
            default: return .text(try cell.decode(String.self))
            }
        } catch {
            throw DatabaseError(
                code: .decodingFailed,
                message: "column \"\(cell.columnName)\" of PostgreSQL type \(cell.dataType) cannot be read as a simple value"
            )
        }
    }
}
