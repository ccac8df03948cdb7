import TelemetryCore

/// Applies a component's ``Migration``s at start, once, even when several replicas start together.
///
/// In one transaction: take the migration lock (PostgreSQL `pg_advisory_xact_lock`; SQLite's
/// `BEGIN IMMEDIATE` already holds the only write lock), create `schema_migrations` if needed, read
/// the component's applied versions, refuse to run when the database knows a version this code
/// does not (``DatabaseError/Code/schemaTooNew``), apply the rest in order and record them.
/// A replica that waited for the lock finds everything applied and does nothing.
///
/// ```swift
/// try await Migrator(component: "orders", migrations: OrderSchema.migrations).migrate(database)
/// ```
public struct Migrator: Sendable {
    /// The owner of the migrations (`schema_migrations.component`), e.g. the service or `storage`.
    public let component: String
    /// The migrations, in version order.
    public let migrations: [Migration]

    /// Key of the PostgreSQL advisory lock every migrator takes (ASCII "schemamg").
    static let advisoryLockKey: Int64 = 0x7363_6865_6d61_6d67

    /// Creates a migrator; versions must run 1, 2, 3... (checked here, a programming error otherwise).
    public init(component: String, migrations: [Migration]) {
        let sorted = migrations.sorted { $0.version < $1.version }
        precondition(
            sorted.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migrations of \(component) must be numbered 1, 2, 3... without gaps or repeats"
        )
        self.component = component
        self.migrations = sorted
    }

    /// Applies the pending migrations; returns the versions this call applied (empty when up to date).
    @discardableResult
    public func migrate(_ database: any Database) async throws -> [Int] {
        let dialect = database.dialect
        return try await database.withTransaction { tx in
            if dialect == .postgresql {
                try await tx.query("SELECT pg_advisory_xact_lock($1)", [.integer(Self.advisoryLockKey)], summary: "SELECT pg_advisory_xact_lock")
            }
            try await tx.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    component TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
                    PRIMARY KEY (component, version))
                """,
                summary: "CREATE TABLE schema_migrations"
            )
            let rows = try await tx.query(
                "SELECT version FROM schema_migrations WHERE component = $1 ORDER BY version", [.text(component)],
                summary: "SELECT schema_migrations"
            )
            let applied = Set(try rows.compactMap { try $0.integer("version") }.map(Int.init))
            let known = migrations.last?.version ?? 0
            if let newest = applied.max(), newest > known {
                throw DatabaseError(
                    code: .schemaTooNew,
                    message: "the database has \(component) schema version \(newest) but this code knows versions up to \(known): "
                        + "refusing to run against a newer schema (deploy the newer code, or restore the database)"
                )
            }
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements(for: dialect) {
                    try await tx.query(DatabaseQuery(statement, summary: "MIGRATE \(component)"))
                }
                try await tx.query(
                    "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, $4)",
                    [.text(component), .integer(Int64(migration.version)), .text(migration.name), .integer(WallClock.nowMicroseconds())],
                    summary: "INSERT schema_migrations"
                )
                done.append(migration.version)
            }
            return done
        }
    }
}
