import Foundation
import Storage

/// Orders and their history in Order's database. Reads for the REST API run on the database;
/// the saga's writes run in the consumer's transaction.
struct OrderStore: Sendable {
    let database: any Database

    /// The order with its history, nil when unknown.
    func order(id: String) async throws -> OrderView? {
        guard let row = try await database.query(Self.selectOrder, [.text(id)], summary: "SELECT orders").first else { return nil }
        let record = try OrderRecord(row: row)
        let history = try await database.query(
            "SELECT status, event, at FROM order_history WHERE order_id = $1 ORDER BY seq", [.text(id)], summary: "SELECT order_history"
        )
        return OrderView(
            id: record.id, status: record.state.status, reason: record.state.reason, customerID: record.customerID,
            totalMinor: record.totalMinor, currency: record.currency,
            history: try history.map { row in
                OrderView.HistoryEntry(
                    status: try row.text("status") ?? "", at: Date(timeIntervalSince1970: Double(try row.integer("at") ?? 0) / 1_000_000),
                    event: try row.text("event") ?? ""
                )
            }
        )
    }

    /// The order's record, locked for the rest of `tx` on PostgreSQL (SQLite transactions are serial).
    static func lock(id: String, in tx: any DatabaseTransaction) async throws -> OrderRecord? {
        let lock = tx.dialect == .postgresql ? " FOR UPDATE" : ""
        return try await tx.query(selectOrder + lock, [.text(id)], summary: "SELECT orders").first.map(OrderRecord.init(row:))
    }

    /// Inserts a new order in state `created`; false when another transaction created it first.
    static func insert(_ record: OrderRecord, at time: Date, in tx: any DatabaseTransaction) async throws -> Bool {
        let rows = try await tx.query(
            """
            INSERT INTO orders (id, status, reason, customer_id, total_minor, currency, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id
            """,
            [
                .text(record.id), .text(record.state.status), .text(record.state.reason), .text(record.customerID),
                .integer(record.totalMinor), .text(record.currency), .integer(record.createdAt.microseconds), .integer(time.microseconds),
            ],
            summary: "INSERT orders"
        )
        return !rows.isEmpty
    }

    /// Stores `state` as the order's current state.
    static func update(id: String, to state: OrderState, at time: Date, in tx: any DatabaseTransaction) async throws {
        try await tx.query(
            "UPDATE orders SET status = $1, reason = $2, updated_at = $3 WHERE id = $4",
            [.text(state.status), .text(state.reason), .integer(time.microseconds), .text(id)], summary: "UPDATE orders"
        )
    }

    /// Appends a history row.
    static func appendHistory(id: String, status: String, event: String, at time: Date, in tx: any DatabaseTransaction) async throws {
        try await tx.query(
            """
            INSERT INTO order_history (order_id, seq, status, event, at)
            SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM order_history WHERE order_id = $1
            """,
            [.text(id), .text(status), .text(event), .integer(time.microseconds)], summary: "INSERT order_history"
        )
    }

    private static let selectOrder = "SELECT id, status, reason, customer_id, total_minor, currency, created_at FROM orders WHERE id = $1"
}
