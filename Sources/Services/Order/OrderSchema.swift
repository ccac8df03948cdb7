import Storage

/// Order's tables: the orders (current state) and their history (one row per transition).
/// Times are integer microseconds since the Unix epoch.
enum OrderSchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create orders and order_history",
            statements: [
                """
                CREATE TABLE orders (
                    id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, customer_id TEXT NOT NULL,
                    total_minor BIGINT NOT NULL, currency TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE order_history (
                    order_id TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, event TEXT NOT NULL, at BIGINT NOT NULL,
                    PRIMARY KEY (order_id, seq))
                """,
            ]
        )
    ]
}
