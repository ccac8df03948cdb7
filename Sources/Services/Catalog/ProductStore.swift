import Messaging
import Storage

/// The catalogue's products, in Catalog's database.
struct ProductStore: Sendable {
    let database: any Database
    let outbox: EventOutbox

    func product(id: String) async throws -> Product? {
        try await database.query(
            "SELECT id, name, price_cents, currency FROM products WHERE id = $1", [.text(id)], summary: "SELECT products"
        ).first.map(Product.init(row:))
    }

    func all() async throws -> [Product] {
        try await database.query("SELECT id, name, price_cents, currency FROM products ORDER BY id", summary: "SELECT products")
            .map(Product.init(row:))
    }

    /// Sets the price and enqueues `catalog.price.changed` in the same transaction; nil for an unknown id.
    func changePrice(id: String, to newPrice: Int) async throws -> Product? {
        let lock = database.dialect == .postgresql ? " FOR UPDATE" : ""
        let outbox = outbox
        return try await database.withTransaction { tx in
            let rows = try await tx.query(
                "SELECT id, name, price_cents, currency FROM products WHERE id = $1" + lock, [.text(id)], summary: "SELECT products"
            )
            guard var product = try rows.first.map(Product.init(row:)) else { return nil }
            let oldPrice = product.priceCents
            try await tx.query(
                "UPDATE products SET price_cents = $1 WHERE id = $2", [.integer(Int64(newPrice)), .text(id)], summary: "UPDATE products"
            )
            product.priceCents = newPrice
            try await outbox.enqueue(
                PriceChanged(productID: id, oldPrice: oldPrice, newPrice: newPrice), topic: PriceChanged.topic, aggregateID: id, in: tx
            )
            return product
        }
    }
}

extension Product {
    init(row: DatabaseRow) throws {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw DatabaseError(code: .decodingFailed, message: "products.\(column) is NULL") }
            return value
        }
        self.init(
            id: try required(row.text("id"), "id"),
            name: try required(row.text("name"), "name"),
            priceCents: Int(try required(row.integer("price_cents"), "price_cents")),
            currency: try required(row.text("currency"), "currency")
        )
    }
}
