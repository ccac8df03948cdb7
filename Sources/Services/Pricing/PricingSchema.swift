import Storage

/// Pricing's tables: base prices, customer-group prices and price rules, seeded with the demo data
/// (sku-1001 ... sku-1020 in EUR, a `wholesale` group price, and 10% off for the `gold` group).
enum PricingSchema {
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "create prices",
            statements: [
                """
                CREATE TABLE base_prices (
                    product_id TEXT PRIMARY KEY, unit_price_minor BIGINT NOT NULL, currency TEXT NOT NULL)
                """,
                """
                CREATE TABLE group_prices (
                    product_id TEXT NOT NULL, customer_group TEXT NOT NULL, unit_price_minor BIGINT NOT NULL,
                    PRIMARY KEY (product_id, customer_group))
                """,
                """
                CREATE TABLE price_rules (
                    id TEXT PRIMARY KEY, customer_group TEXT NOT NULL, product_id TEXT,
                    percent_off BIGINT NOT NULL CHECK (percent_off BETWEEN 0 AND 100))
                """,
                "CREATE INDEX price_rules_group ON price_rules (customer_group)",
            ]
        ),
        Migration(version: 2, name: "seed demo prices", statements: [seedBasePrices, seedGroupPrices, seedRules]),
    ]

    /// The demo products' base prices in EUR cents.
    static let demoBasePrices: [(String, Int64)] = [
        ("sku-1001", 2490), ("sku-1002", 3999), ("sku-1003", 1200), ("sku-1004", 850), ("sku-1005", 1500),
        ("sku-1006", 2999), ("sku-1007", 499), ("sku-1008", 7900), ("sku-1009", 1999), ("sku-1010", 650),
        ("sku-1011", 3450), ("sku-1012", 1125), ("sku-1013", 5600), ("sku-1014", 299), ("sku-1015", 1890),
        ("sku-1016", 4200), ("sku-1017", 990), ("sku-1018", 2250), ("sku-1019", 12900), ("sku-1020", 1790),
    ]

    static var seedBasePrices: String {
        "INSERT INTO base_prices (product_id, unit_price_minor, currency) VALUES "
            + demoBasePrices.map { "('\($0.0)', \($0.1), 'EUR')" }.joined(separator: ", ")
    }

    static let seedGroupPrices = """
        INSERT INTO group_prices (product_id, customer_group, unit_price_minor) VALUES
            ('sku-1001', 'wholesale', 1990), ('sku-1002', 'wholesale', 3299)
        """

    static let seedRules = """
        INSERT INTO price_rules (id, customer_group, product_id, percent_off) VALUES ('gold-10', 'gold', NULL, 10)
        """
}
