/// A statement with bound parameters (`$1`, `$2`, ... in both dialects) and its low-cardinality summary.
///
/// ```swift
/// DatabaseQuery("SELECT id FROM outbox WHERE aggregate_id = $1", ["order-7"], summary: "SELECT outbox")
/// ```
///
/// Values are always bound, never spliced into the text, so the text recorded on spans holds
/// placeholders only (literals written into the SQL itself are still replaced by `?`).
public struct DatabaseQuery: Sendable, Hashable {
    /// The SQL text with `$n` placeholders.
    public var sql: String
    /// The values of `$1`, `$2`, ...
    public var binds: [DatabaseValue]
    /// `db.query.summary`, e.g. `SELECT outbox`; derived from the text when not given.
    public var summary: String

    /// Creates a query; `summary` defaults to the operation and first table found in `sql`.
    public init(_ sql: String, _ binds: [DatabaseValue] = [], summary: String? = nil) {
        self.sql = sql
        self.binds = binds
        self.summary = summary ?? QueryText.summary(of: sql)
    }

    /// `db.operation.name`: the first word of the summary.
    public var operationName: Substring {
        summary.prefix { $0 != " " }
    }
}
