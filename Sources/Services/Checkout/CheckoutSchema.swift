import Storage

/// Checkout's tables: each accepted checkout and its items, as priced when it was accepted.
enum CheckoutSchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create checkouts",
            statements: [
                """
                CREATE TABLE checkouts (
                    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, customer_group TEXT NOT NULL,
                    total_minor BIGINT NOT NULL, currency TEXT NOT NULL, price_source TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE checkout_items (
                    checkout_id TEXT NOT NULL, line INTEGER NOT NULL, product_id TEXT NOT NULL, quantity INTEGER NOT NULL,
                    unit_price_minor BIGINT NOT NULL, PRIMARY KEY (checkout_id, line))
                """,
            ]
        )
    ]
}
