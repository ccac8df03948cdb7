import Storage

/// Inventory's tables: stock levels (seeded: sku-1001 ... sku-1019 with 1,000,000 on hand, sku-1020 with
/// none), the orders it has handled, and each order's reserved items.
enum InventorySchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create stock",
            statements: [
                """
                CREATE TABLE stock_levels (
                    product_id TEXT PRIMARY KEY,
                    on_hand BIGINT NOT NULL CHECK (on_hand >= 0),
                    reserved BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
                    version BIGINT NOT NULL DEFAULT 0)
                """,
                """
                CREATE TABLE inventory_orders (
                    order_id TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE reservations (
                    order_id TEXT NOT NULL, product_id TEXT NOT NULL, quantity BIGINT NOT NULL,
                    unit_price_minor BIGINT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (order_id, product_id))
                """,
            ]
        ),
        Migration(
            version: 2,
            name: "seed demo stock",
            statements: [
                "INSERT INTO stock_levels (product_id, on_hand) VALUES "
                    + (1001...1020).map { "('sku-\($0)', \($0 == 1020 ? 0 : 1_000_000))" }.joined(separator: ", ")
            ]
        ),
    ]
}
