import Storage

/// Catalog's tables: products (seeded with the demo catalogue) and the price-history projection.
enum CatalogSchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create products",
            statements: [
                """
                CREATE TABLE products (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents BIGINT NOT NULL, currency TEXT NOT NULL)
                """,
                """
                INSERT INTO products (id, name, price_cents, currency) VALUES
                    ('sku-1001', 'Espresso beans 1 kg', 2490, 'EUR'),
                    ('sku-1002', 'Milk frother', 3999, 'EUR'),
                    ('sku-1003', 'Ceramic cup', 1200, 'EUR')
                """,
            ]
        ),
        Migration(
            version: 2,
            name: "create price_history",
            statements: [
                """
                CREATE TABLE price_history (
                    event_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, old_price_cents BIGINT NOT NULL,
                    new_price_cents BIGINT NOT NULL, changed_at BIGINT NOT NULL)
                """,
                "CREATE INDEX price_history_product ON price_history (product_id, changed_at)",
            ]
        ),
    ]
}
