/// The tables of the Storage target itself (outbox, inbox), migrated as component `storage`.
///
/// ```swift
/// try await StorageSchema.migrator.migrate(database)   // before the service's own migrator
/// ```
public enum StorageSchema {
    /// Component name in `schema_migrations`.
    public static let component = "storage"

    /// The migrator for ``migrations``.
    public static var migrator: Migrator { Migrator(component: component, migrations: migrations) }

    /// Outbox and inbox tables, and their age indexes (``StorageRetention``). Times are microseconds since the Unix epoch.
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create outbox",
            postgresql: [
                """
                CREATE TABLE outbox (
                    seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, aggregate_id TEXT NOT NULL, topic TEXT NOT NULL,
                    message_key TEXT NOT NULL, event_type TEXT NOT NULL, payload BYTEA NOT NULL, headers TEXT NOT NULL,
                    created_at BIGINT NOT NULL, sent_at BIGINT, attempts INTEGER NOT NULL DEFAULT 0,
                    locked_by TEXT, locked_until BIGINT)
                """,
                "CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL",
                "CREATE INDEX outbox_pending_aggregate ON outbox (aggregate_id, seq) WHERE sent_at IS NULL",
            ],
            sqlite: [
                """
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, aggregate_id TEXT NOT NULL,
                    topic TEXT NOT NULL, message_key TEXT NOT NULL, event_type TEXT NOT NULL, payload BLOB NOT NULL,
                    headers TEXT NOT NULL, created_at INTEGER NOT NULL, sent_at INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0, locked_by TEXT, locked_until INTEGER)
                """,
                "CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL",
                "CREATE INDEX outbox_pending_aggregate ON outbox (aggregate_id, seq) WHERE sent_at IS NULL",
            ]
        ),
        Migration(
            version: 2,
            name: "create inbox",
            statements: [
                """
                CREATE TABLE inbox (
                    consumer TEXT NOT NULL, event_id TEXT NOT NULL, processed_at BIGINT NOT NULL,
                    PRIMARY KEY (consumer, event_id))
                """
            ]
        ),
        Migration(
            version: 3,
            name: "index rows by age for retention",
            statements: [
                "CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL",
                "CREATE INDEX inbox_processed ON inbox (processed_at)",
            ]
        ),
    ]
}
