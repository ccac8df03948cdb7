import Foundation
import Messaging
import Storage

/// The price-history projection: every `catalog.price.changed` applied once into `price_history`.
struct PriceHistory: Sendable {
    /// The consumer group (and inbox consumer name) of the projection.
    static let group = "catalog-price-history"

    struct Entry: Codable, Sendable, Equatable {
        var eventID: String
        var oldPrice: Int
        var newPrice: Int
        var changedAt: Date
    }

    let database: any Database

    /// The handlers the projection's consumer runs.
    static var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(PriceChanged.self) { envelope, tx in
            try await tx.query(
                """
                INSERT INTO price_history (event_id, product_id, old_price_cents, new_price_cents, changed_at)
                VALUES ($1, $2, $3, $4, $5)
                """,
                [
                    .text(envelope.id), .text(envelope.data.productID), .integer(Int64(envelope.data.oldPrice)),
                    .integer(Int64(envelope.data.newPrice)), .integer(Int64(envelope.time.timeIntervalSince1970 * 1_000_000)),
                ],
                summary: "INSERT price_history"
            )
        }
        return handlers
    }

    /// A product's price changes, oldest first.
    func entries(productID: String) async throws -> [Entry] {
        let rows = try await database.query(
            """
            SELECT event_id, old_price_cents, new_price_cents, changed_at FROM price_history
            WHERE product_id = $1 ORDER BY changed_at, event_id
            """,
            [.text(productID)], summary: "SELECT price_history"
        )
        return try rows.map { row in
            Entry(
                eventID: try row.text("event_id") ?? "",
                oldPrice: Int(try row.integer("old_price_cents") ?? 0),
                newPrice: Int(try row.integer("new_price_cents") ?? 0),
                changedAt: Date(timeIntervalSince1970: Double(try row.integer("changed_at") ?? 0) / 1_000_000)
            )
        }
    }
}
