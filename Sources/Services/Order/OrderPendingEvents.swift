import Storage

/// Events parked because they arrived before their predecessor (`order_pending_events`), in arrival order.
/// All access runs in the saga's inbox transaction, after ``OrderPendingEvents/serialize(orderID:in:)``.
enum OrderPendingEvents {
    /// One parked event.
    struct Entry: Sendable {
        let seq: Int64
        let input: OrderInput
    }

    /// Serialises the transactions of one order (PostgreSQL: a transaction-scoped advisory lock on the order id,
    /// held even before the order row exists, so a parked event can never be missed by a concurrent transition;
    /// SQLite transactions are serial already).
    static func serialize(orderID: String, in tx: any DatabaseTransaction) async throws {
        guard tx.dialect == .postgresql else { return }
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [.text(orderID)], summary: "SELECT pg_advisory_xact_lock")
    }

    /// Parks `input` for order `orderID` after the ones already parked.
    static func park(_ input: OrderInput, orderID: String, in tx: any DatabaseTransaction) async throws {
        try await tx.query(
            """
            INSERT INTO order_pending_events (order_id, seq, event_type, payload)
            SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3 FROM order_pending_events WHERE order_id = $1
            """,
            [.text(orderID), .text(input.eventType), .text(input.payload)], summary: "INSERT order_pending_events"
        )
    }

    /// The order's parked events in arrival order (rows of unknown types are skipped).
    static func list(orderID: String, in tx: any DatabaseTransaction) async throws -> [Entry] {
        let rows = try await tx.query(
            "SELECT seq, event_type, payload FROM order_pending_events WHERE order_id = $1 ORDER BY seq", [.text(orderID)],
            summary: "SELECT order_pending_events"
        )
        return try rows.compactMap { row in
            guard let seq = try row.integer("seq"), let input = OrderInput(eventType: try row.text("event_type") ?? "", payload: try row.text("payload") ?? "")
            else { return nil }
            return Entry(seq: seq, input: input)
        }
    }

    /// Removes a parked event once it has been applied (or found to change nothing).
    static func remove(orderID: String, seq: Int64, in tx: any DatabaseTransaction) async throws {
        try await tx.query("DELETE FROM order_pending_events WHERE order_id = $1 AND seq = $2", [.text(orderID), .integer(seq)], summary: "DELETE order_pending_events")
    }
}
