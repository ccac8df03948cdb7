import CommerceEvents
import Foundation
import Messaging
import Storage

/// Inventory's stock levels and reservations, in its database.
///
/// Reservations never oversell, on PostgreSQL and SQLite alike: each item is taken with one conditional
/// `UPDATE ... WHERE on_hand - reserved >= quantity` (PostgreSQL re-checks the condition on the row a
/// concurrent transaction committed; SQLite has one writer), and an order is reserved all or nothing.
struct StockStore: Sendable {
    /// Reason codes of `inventory.reservation.failed`.
    static let insufficientStock = "insufficient_stock"
    static let unknownProduct = "unknown_product"

    let database: any Database
    let outbox: EventOutbox

    static let columns = "product_id, on_hand, reserved, version"

    /// The levels of `productIDs` (all products when nil), ordered by product id.
    func levels(productIDs: [String]?) async throws -> [StockLevel] {
        guard let productIDs else {
            return try await database.query("SELECT \(Self.columns) FROM stock_levels ORDER BY product_id", summary: "SELECT stock_levels")
                .map(StockLevel.init(row:))
        }
        guard !productIDs.isEmpty else { return [] }
        let placeholders = productIDs.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        return try await database.query(
            "SELECT \(Self.columns) FROM stock_levels WHERE product_id IN (\(placeholders)) ORDER BY product_id",
            productIDs.map { .text($0) }, summary: "SELECT stock_levels"
        ).map(StockLevel.init(row:))
    }

    /// Sets a product's on-hand quantity (creating its level when new); nil when `onHand` is below what
    /// is reserved.
    func setOnHand(productID: String, onHand: Int64) async throws -> StockLevel? {
        try await database.query(
            """
            INSERT INTO stock_levels (product_id, on_hand, reserved, version) VALUES ($1, $2, 0, 1)
            ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, version = stock_levels.version + 1
            WHERE stock_levels.reserved <= excluded.on_hand
            RETURNING \(Self.columns)
            """,
            [.text(productID), .integer(onHand)], summary: "UPSERT stock_levels"
        ).first.map(StockLevel.init(row:))
    }

    /// Reserves every item of `order` in `tx` and enqueues `inventory.reserved`, or reserves nothing and
    /// enqueues `inventory.reservation.failed`; no effect when the order was handled before.
    func reserve(_ order: OrderCreated, in tx: any DatabaseTransaction) async throws -> ReservationOutcome {
        let claimed = try await tx.query(
            """
            INSERT INTO inventory_orders (order_id, state, updated_at) VALUES ($1, 'reserving', $2)
            ON CONFLICT (order_id) DO NOTHING RETURNING order_id
            """,
            [.text(order.orderID), .integer(Self.now())], summary: "INSERT inventory_orders"
        )
        guard !claimed.isEmpty else { return .alreadyHandled }
        let items = Self.merged(order.items)
        var taken: [(LineItem, StockLevel)] = []
        for item in items {  // in product-id order: concurrent orders lock rows in one order (no deadlock)
            let rows = try await tx.query(
                """
                UPDATE stock_levels SET reserved = reserved + $1, version = version + 1
                WHERE product_id = $2 AND on_hand - reserved >= $1 RETURNING \(Self.columns)
                """,
                [.integer(Int64(item.quantity)), .text(item.productID)], summary: "UPDATE stock_levels"
            )
            guard let row = rows.first else {
                for (done, _) in taken.reversed() {  // all or nothing: give back what this order took
                    try await tx.query(
                        "UPDATE stock_levels SET reserved = reserved - $1, version = version - 1 WHERE product_id = $2",
                        [.integer(Int64(done.quantity)), .text(done.productID)], summary: "UPDATE stock_levels"
                    )
                }
                return .failed(try await fail(order, items: items, in: tx))
            }
            taken.append((item, try StockLevel(row: row)))
        }
        for item in items {
            try await tx.query(
                """
                INSERT INTO reservations (order_id, product_id, quantity, unit_price_minor, state)
                VALUES ($1, $2, $3, $4, 'reserved')
                """,
                [.text(order.orderID), .text(item.productID), .integer(Int64(item.quantity)), .integer(item.unitPriceMinor)],
                summary: "INSERT reservations"
            )
        }
        try await setState(order.orderID, "reserved", reason: nil, in: tx)
        let event = InventoryReserved(
            orderID: order.orderID, customerID: order.customerID, items: order.items, totalMinor: order.totalMinor, currency: order.currency
        )
        try await outbox.enqueue(event, topic: InventoryReserved.topic, aggregateID: order.orderID, in: tx)
        return .reserved(event, levels: taken.map(\.1))
    }

    /// Releases the order's reservation once and enqueues `inventory.released`; nil (no effect) when the
    /// order holds no reservation (failed, or already released). A release arriving before its order
    /// leaves a tombstone: the order, when it arrives, is not reserved.
    func release(orderID: String, in tx: any DatabaseTransaction) async throws -> (event: InventoryReleased, levels: [StockLevel])? {
        let released = try await tx.query(
            "UPDATE inventory_orders SET state = 'released', updated_at = $2 WHERE order_id = $1 AND state = 'reserved' RETURNING order_id",
            [.text(orderID), .integer(Self.now())], summary: "UPDATE inventory_orders"
        )
        guard !released.isEmpty else {
            // A release that overtook its order (another topic): a tombstone, so the late order reserves nothing.
            try await tx.query(
                """
                INSERT INTO inventory_orders (order_id, state, reason, updated_at) VALUES ($1, 'released', 'released_before_reserved', $2)
                ON CONFLICT (order_id) DO NOTHING
                """,
                [.text(orderID), .integer(Self.now())], summary: "INSERT inventory_orders"
            )
            return nil
        }
        let rows = try await tx.query(
            "SELECT product_id, quantity, unit_price_minor FROM reservations WHERE order_id = $1 AND state = 'reserved' ORDER BY product_id",
            [.text(orderID)], summary: "SELECT reservations"
        )
        var items: [LineItem] = []
        var levels: [StockLevel] = []
        for row in rows {
            let item = LineItem(
                productID: try row.required(row.text("product_id"), "product_id"),
                quantity: Int(try row.required(row.integer("quantity"), "quantity")),
                unitPriceMinor: try row.required(row.integer("unit_price_minor"), "unit_price_minor")
            )
            let level = try await tx.query(
                "UPDATE stock_levels SET reserved = reserved - $1, version = version + 1 WHERE product_id = $2 RETURNING \(Self.columns)",
                [.integer(Int64(item.quantity)), .text(item.productID)], summary: "UPDATE stock_levels"
            )
            levels += try level.map(StockLevel.init(row:))
            items.append(item)
        }
        try await tx.query(
            "UPDATE reservations SET state = 'released' WHERE order_id = $1", [.text(orderID)], summary: "UPDATE reservations"
        )
        let event = InventoryReleased(orderID: orderID, items: items)
        try await outbox.enqueue(event, topic: InventoryReleased.topic, aggregateID: orderID, in: tx)
        return (event, levels)
    }

    /// The reservation state of an order (`reserved`, `failed`, `released`), nil when unknown.
    func orderState(_ orderID: String) async throws -> String? {
        try await database.query(
            "SELECT state FROM inventory_orders WHERE order_id = $1", [.text(orderID)], summary: "SELECT inventory_orders"
        ).first?.text("state")
    }

    private func fail(_ order: OrderCreated, items: [LineItem], in tx: any DatabaseTransaction) async throws -> InventoryReservationFailed {
        let placeholders = items.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let rows = try await tx.query(
            "SELECT \(Self.columns) FROM stock_levels WHERE product_id IN (\(placeholders))",
            items.map { .text($0.productID) }, summary: "SELECT stock_levels"
        )
        let known = Dictionary(uniqueKeysWithValues: try rows.map { row in let level = try StockLevel(row: row); return (level.productID, level) })
        let unknown = items.filter { known[$0.productID] == nil }.map(\.productID)
        let short = items.filter { item in known[item.productID].map { $0.available < Int64(item.quantity) } ?? false }.map(\.productID)
        let event = unknown.isEmpty
            ? InventoryReservationFailed(orderID: order.orderID, reason: Self.insufficientStock, productIDs: short)
            : InventoryReservationFailed(orderID: order.orderID, reason: Self.unknownProduct, productIDs: unknown)
        try await setState(order.orderID, "failed", reason: event.reason, in: tx)
        try await outbox.enqueue(event, topic: InventoryReservationFailed.topic, aggregateID: order.orderID, in: tx)
        return event
    }

    private func setState(_ orderID: String, _ state: String, reason: String?, in tx: any DatabaseTransaction) async throws {
        try await tx.query(
            "UPDATE inventory_orders SET state = $2, reason = $3, updated_at = $4 WHERE order_id = $1",
            [.text(orderID), .text(state), .text(reason), .integer(Self.now())], summary: "UPDATE inventory_orders"
        )
    }

    /// The items by product id, quantities of repeated products added up.
    static func merged(_ items: [LineItem]) -> [LineItem] {
        var byProduct: [String: LineItem] = [:]
        for item in items {
            byProduct[item.productID, default: LineItem(productID: item.productID, quantity: 0, unitPriceMinor: item.unitPriceMinor)]
                .quantity += item.quantity
        }
        return byProduct.values.sorted { $0.productID < $1.productID }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}

extension StockLevel {
    init(row: DatabaseRow) throws {
        self.init(
            productID: try row.required(row.text("product_id"), "product_id"),
            onHand: try row.required(row.integer("on_hand"), "on_hand"),
            reserved: try row.required(row.integer("reserved"), "reserved"),
            version: try row.required(row.integer("version"), "version")
        )
    }
}

extension DatabaseRow {
    /// `value`, or a decoding error naming `column` when it is NULL.
    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw DatabaseError(code: .decodingFailed, message: "\(column) is NULL") }
        return value
    }
}
