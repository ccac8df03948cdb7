/// One step of a component's schema: a version, a name and its statements in each dialect.
///
/// Each statement is run on its own (drivers prepare one statement at a time), all of a start's
/// pending migrations in one transaction.
///
/// ```swift
/// Migration(version: 1, name: "create orders",
///           postgresql: ["CREATE TABLE orders (id TEXT PRIMARY KEY, state TEXT NOT NULL)"],
///           sqlite: ["CREATE TABLE orders (id TEXT PRIMARY KEY, state TEXT NOT NULL)"])
/// ```
public struct Migration: Sendable, Hashable {
    /// Position in the component's history, from 1, increasing without gaps.
    public var version: Int
    /// What it does, recorded in `schema_migrations`.
    public var name: String
    /// Statements for PostgreSQL.
    public var postgresql: [String]
    /// Statements for SQLite.
    public var sqlite: [String]

    /// Creates a migration with a statement list per dialect.
    public init(version: Int, name: String, postgresql: [String], sqlite: [String]) {
        self.version = version
        self.name = name
        self.postgresql = postgresql
        self.sqlite = sqlite
    }

    /// Creates a migration whose statements are the same in both dialects.
    public init(version: Int, name: String, statements: [String]) {
        self.init(version: version, name: name, postgresql: statements, sqlite: statements)
    }

    /// The statements for `dialect`.
    public func statements(for dialect: SQLDialect) -> [String] {
        switch dialect {
        case .postgresql: postgresql
        case .sqlite: sqlite
        }
    }
}
