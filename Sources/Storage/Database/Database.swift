public import ServiceLifecycle

/// What a service's storage code needs from a database, whichever backend is behind it.
///
/// Run the database as a `Service` (it owns its connections); then use ``withTransaction(_:)`` for
/// every unit of work that must commit together, and ``query(_:)`` for single statements.
///
/// ```swift
/// try await database.withTransaction { tx in
///     try await tx.query(DatabaseQuery("UPDATE orders SET state = $1 WHERE id = $2", ["paid", "o-1"]))
///     try await outbox.enqueue(event, in: tx)
/// }
/// ```
public protocol Database: Service {
    /// The SQL dialect (and `db.system.name`).
    var dialect: SQLDialect { get }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// Do not use the database itself inside `body` (SQLite has one writer): use the transaction.
    func withTransaction<Result: Sendable>(
        _ body: (any DatabaseTransaction) async throws -> Result
    ) async throws -> Result

    /// Runs one statement on its own (auto-commit) and returns its rows.
    @discardableResult
    func query(_ query: DatabaseQuery) async throws -> [DatabaseRow]
}

/// A transaction in progress: the statements run in it commit or roll back together.
public protocol DatabaseTransaction: Sendable {
    /// The SQL dialect (and `db.system.name`).
    var dialect: SQLDialect { get }

    /// Runs one statement in the transaction and returns its rows.
    @discardableResult
    func query(_ query: DatabaseQuery) async throws -> [DatabaseRow]

    /// Runs `action` right after the transaction commits; never when it rolls back.
    func afterCommit(_ action: @escaping @Sendable () -> Void)
}

extension Database {
    /// Runs `sql` with `binds` on its own.
    @discardableResult
    public func query(_ sql: String, _ binds: [DatabaseValue] = [], summary: String? = nil) async throws -> [DatabaseRow] {
        try await query(DatabaseQuery(sql, binds, summary: summary))
    }
}

extension DatabaseTransaction {
    /// Runs `sql` with `binds` in the transaction.
    @discardableResult
    public func query(_ sql: String, _ binds: [DatabaseValue] = [], summary: String? = nil) async throws -> [DatabaseRow] {
        try await query(DatabaseQuery(sql, binds, summary: summary))
    }
}
