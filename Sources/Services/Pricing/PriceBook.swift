import CommerceEvents
import Messaging
import Storage

/// Pricing's prices in its database: resolves a customer group's prices and changes prices, publishing
/// `price.updated` through the outbox in the same transaction.
struct PriceBook: Sendable {
    /// The group of customers without one.
    static let defaultGroup = "standard"

    let database: any Database
    let outbox: EventOutbox

    /// The prices of `productIDs` for `customerGroup` (empty: standard), in the order asked; ids without
    /// a base price are returned in `unknown`.
    func quotes(productIDs: [String], customerGroup: String) async throws -> (quotes: [PriceQuote], unknown: [String]) {
        let group = customerGroup.isEmpty ? Self.defaultGroup : customerGroup
        guard !productIDs.isEmpty else { return ([], []) }
        let placeholders = productIDs.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        let rows = try await database.query(
            """
            SELECT b.product_id, b.unit_price_minor, b.currency, g.unit_price_minor AS group_price_minor
            FROM base_prices b LEFT JOIN group_prices g ON g.product_id = b.product_id AND g.customer_group = $1
            WHERE b.product_id IN (\(placeholders))
            """,
            [.text(group)] + productIDs.map { .text($0) }, summary: "SELECT base_prices"
        )
        let rules = try await self.rules(customerGroup: group)
        var found: [String: PriceQuote] = [:]
        for row in rows {
            let productID = try row.required(row.text("product_id"), "product_id")
            let base = try row.required(row.integer("unit_price_minor"), "unit_price_minor")
            let price = try row.integer("group_price_minor") ?? base
            let rule = PriceRule.best(of: rules, for: productID)
            found[productID] = PriceQuote(
                productID: productID, customerGroup: group, unitPriceMinor: rule?.apply(to: price) ?? price,
                currency: try row.required(row.text("currency"), "currency"), basePriceMinor: base, ruleID: rule?.id
            )
        }
        return (productIDs.compactMap { found[$0] }, productIDs.filter { found[$0] == nil })
    }

    /// The price rules of `customerGroup`.
    func rules(customerGroup: String) async throws -> [PriceRule] {
        try await database.query(
            "SELECT id, product_id, percent_off FROM price_rules WHERE customer_group = $1 ORDER BY id",
            [.text(customerGroup)], summary: "SELECT price_rules"
        ).map { row in
            PriceRule(
                id: try row.required(row.text("id"), "id"), productID: try row.text("product_id"),
                percentOff: try row.required(row.integer("percent_off"), "percent_off")
            )
        }
    }

    /// Sets the base price (`customerGroup` nil) or a group's price of a product and enqueues
    /// `price.updated` in the same transaction; nil when the product has no base price.
    func setPrice(productID: String, customerGroup: String?, unitPriceMinor: Int64) async throws -> PriceUpdated? {
        let lock = database.dialect == .postgresql ? " FOR UPDATE" : ""
        let outbox = outbox
        return try await database.withTransaction { tx in
            let rows = try await tx.query(
                "SELECT currency FROM base_prices WHERE product_id = $1" + lock, [.text(productID)], summary: "SELECT base_prices"
            )
            guard let row = rows.first else { return nil }
            let currency = try row.required(row.text("currency"), "currency")
            if let customerGroup {
                try await tx.query(
                    """
                    INSERT INTO group_prices (product_id, customer_group, unit_price_minor) VALUES ($1, $2, $3)
                    ON CONFLICT (product_id, customer_group) DO UPDATE SET unit_price_minor = excluded.unit_price_minor
                    """,
                    [.text(productID), .text(customerGroup), .integer(unitPriceMinor)], summary: "INSERT group_prices"
                )
            } else {
                try await tx.query(
                    "UPDATE base_prices SET unit_price_minor = $1 WHERE product_id = $2",
                    [.integer(unitPriceMinor), .text(productID)], summary: "UPDATE base_prices"
                )
            }
            let event = PriceUpdated(productID: productID, customerGroup: customerGroup, unitPriceMinor: unitPriceMinor, currency: currency)
            try await outbox.enqueue(event, topic: PriceUpdated.topic, aggregateID: productID, in: tx)
            return event
        }
    }
}

extension DatabaseRow {
    /// `value`, or a decoding error naming `column` when it is NULL.
    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw DatabaseError(code: .decodingFailed, message: "\(column) is NULL") }
        return value
    }
}
