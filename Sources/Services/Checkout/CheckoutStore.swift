import CommerceEvents
import CoreMetrics
import Foundation
import Messaging
import Storage

/// Checkout's database: stores an accepted checkout and enqueues `checkout.order.created` in the same
/// transaction (published by the outbox relay once committed).
struct CheckoutStore: Sendable {
    let database: any Database
    let outbox: EventOutbox
    let sagaSteps: Counter

    init(database: any Database, outbox: EventOutbox, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.database = database
        self.outbox = outbox
        sagaSteps = Counter(label: "checkout.saga.steps", dimensions: [("step", OrderCreated.type)], factory: metricsFactory)
    }

    /// Stores `checkout` and enqueues its `checkout.order.created`; counts the saga step once committed.
    func save(_ checkout: Checkout) async throws {
        let outbox = outbox
        try await database.withTransaction { tx in
            try await tx.query(
                """
                INSERT INTO checkouts (id, customer_id, customer_group, total_minor, currency, price_source, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [
                    .text(checkout.id), .text(checkout.customerID), .text(checkout.customerGroup), .integer(checkout.totalMinor),
                    .text(checkout.currency), .text(checkout.priceSource), .integer(Int64(checkout.createdAt.timeIntervalSince1970 * 1_000_000)),
                ],
                summary: "INSERT checkouts"
            )
            for (line, item) in checkout.items.enumerated() {
                try await tx.query(
                    "INSERT INTO checkout_items (checkout_id, line, product_id, quantity, unit_price_minor) VALUES ($1, $2, $3, $4, $5)",
                    [.text(checkout.id), .integer(Int64(line)), .text(item.productID), .integer(Int64(item.quantity)), .integer(item.unitPriceMinor)],
                    summary: "INSERT checkout_items"
                )
            }
            let event = OrderCreated(
                orderID: checkout.id, customerID: checkout.customerID, customerGroup: checkout.customerGroup, items: checkout.items,
                totalMinor: checkout.totalMinor, currency: checkout.currency
            )
            try await outbox.enqueue(event, topic: OrderCreated.topic, aggregateID: checkout.id, in: tx)
        }
        sagaSteps.increment()
    }

    /// The checkout with `id`, or nil.
    func checkout(id: String) async throws -> Checkout? {
        let rows = try await database.query(
            "SELECT id, customer_id, customer_group, total_minor, currency, price_source, created_at FROM checkouts WHERE id = $1",
            [.text(id)], summary: "SELECT checkouts"
        )
        guard let row = rows.first else { return nil }
        let items = try await database.query(
            "SELECT product_id, quantity, unit_price_minor FROM checkout_items WHERE checkout_id = $1 ORDER BY line",
            [.text(id)], summary: "SELECT checkout_items"
        ).map { item in
            LineItem(
                productID: try item.text("product_id") ?? "", quantity: Int(try item.integer("quantity") ?? 0),
                unitPriceMinor: try item.integer("unit_price_minor") ?? 0
            )
        }
        return Checkout(
            id: try row.text("id") ?? id, customerID: try row.text("customer_id") ?? "", customerGroup: try row.text("customer_group") ?? "",
            items: items, totalMinor: try row.integer("total_minor") ?? 0, currency: try row.text("currency") ?? "",
            priceSource: try row.text("price_source") ?? "", createdAt: Date(timeIntervalSince1970: Double(try row.integer("created_at") ?? 0) / 1_000_000)
        )
    }
}
