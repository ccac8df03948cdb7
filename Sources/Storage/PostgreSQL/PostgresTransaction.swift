import Logging
import PostgresNIO

/// A transaction on one leased PostgreSQL connection; valid only inside `withTransaction`'s body.
struct PostgresTransaction: DatabaseTransaction {
    let connection: PostgresConnection
    let telemetry: DatabaseTelemetry
    let logger: Logger
    let commitActions: CommitActions

    var dialect: SQLDialect { .postgresql }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        commitActions.append(action)
    }

    @discardableResult
    func query(_ query: DatabaseQuery) async throws -> [DatabaseRow] {
        try await Self.run(query, on: connection, telemetry: telemetry, logger: logger)
    }

    /// Runs `query` in its span on `connection` and reads every row.
    static func run(
        _ query: DatabaseQuery, on connection: PostgresConnection, telemetry: DatabaseTelemetry, logger: Logger
    ) async throws(DatabaseError) -> [DatabaseRow] {
        try await telemetry.traced(query) { () async throws(DatabaseError) -> [DatabaseRow] in
            try await execute(PostgresQuery(unsafeSQL: query.sql, binds: PostgresValueCoding.bindings(query.binds)), on: connection, logger: logger)
        }
    }

    /// Runs a statement without a span (transaction control).
    static func execute(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws(DatabaseError) -> [DatabaseRow] {
        do {
            var rows: [DatabaseRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                rows.append(try PostgresValueCoding.row(row))
            }
            return rows
        } catch {
            throw DatabaseError.postgres(error)
        }
    }
}
