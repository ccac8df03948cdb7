/// The SQL dialect of a backend; also the `db.system.name` it reports.
public enum SQLDialect: String, Sendable, Hashable {
    /// PostgreSQL (production).
    case postgresql
    /// SQLite (embedded, local runs).
    case sqlite
}
