import SQLiteNIO

/// A transaction on the SQLite connection (held under the database's lock); valid only inside
/// `withTransaction`'s body.
struct SQLiteTransaction: DatabaseTransaction {
    let connection: SQLiteConnection
    let telemetry: DatabaseTelemetry
    let commitActions: CommitActions

    var dialect: SQLDialect { .sqlite }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        commitActions.append(action)
    }

    @discardableResult
    func query(_ query: DatabaseQuery) async throws -> [DatabaseRow] {
        try await Self.run(query, on: connection, telemetry: telemetry)
    }

    /// Runs `query` in its span and reads every row.
    static func run(_ query: DatabaseQuery, on connection: SQLiteConnection, telemetry: DatabaseTelemetry) async throws(DatabaseError) -> [DatabaseRow] {
        try await telemetry.traced(query) { () async throws(DatabaseError) -> [DatabaseRow] in
            try await execute(positional(query.sql), query.binds.map(data), on: connection)
        }
    }

    /// Runs a statement without a span (transaction control, pragmas).
    static func execute(_ sql: String, _ binds: [SQLiteData] = [], on connection: SQLiteConnection) async throws(DatabaseError) -> [DatabaseRow] {
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, binds)
        } catch {
            var mapped = DatabaseError.sqlite(error)
            mapped.message += " (in \(QueryText.summary(of: sql)))"
            throw mapped
        }
        return rows.map { row in
            let columns = row.columns
            return DatabaseRow(columns: columns.map(\.name), values: columns.map { value($0.data) })
        }
    }

    /// `$1` placeholders as SQLite's numbered `?1` (a `$name` in SQLite would be a named parameter).
    static func positional(_ sql: String) -> String {
        guard sql.contains("$") else { return sql }
        var output = ""
        output.reserveCapacity(sql.utf8.count)
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            let next = sql.index(after: index)
            if character == "$", next < sql.endIndex, sql[next].isASCII, sql[next].isNumber {
                output.append("?")
            } else {
                output.append(character)
            }
            index = next
        }
        return output
    }

    private static func data(_ value: DatabaseValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .integer(let integer): .integer(SQLiteInt64(integer))
        case .real(let real): .float(real)
        case .text(let text): .text(text)
        case .bytes(let bytes): .blob(.init(bytes: bytes))
        }
    }

    private static func value(_ data: SQLiteData) -> DatabaseValue {
        switch data {
        case .null: .null
        case .integer(let integer): .integer(Int64(integer))
        case .float(let real): .real(real)
        case .text(let text): .text(text)
        case .blob(let buffer): .bytes(Array(buffer.readableBytesView))
        }
    }
}
