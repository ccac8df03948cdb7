import Foundation
import Storage

/// Payments in Payment's database.
enum PaymentStore {
    static let columns = "order_id, payment_id, customer_id, status, reason, amount_minor, currency"

    /// The payment of `orderID`, nil when none.
    static func payment(orderID: String, in database: any Database) async throws -> PaymentRecord? {
        try await database.query("SELECT \(columns) FROM payments WHERE order_id = $1", [.text(orderID)], summary: "SELECT payments")
            .first.map(PaymentRecord.init(row:))
    }

    /// The payment of `orderID`, locked for the rest of `tx` on PostgreSQL (SQLite transactions are serial).
    static func lock(orderID: String, in tx: any DatabaseTransaction) async throws -> PaymentRecord? {
        let lock = tx.dialect == .postgresql ? " FOR UPDATE" : ""
        return try await tx.query("SELECT \(columns) FROM payments WHERE order_id = $1" + lock, [.text(orderID)], summary: "SELECT payments")
            .first.map(PaymentRecord.init(row:))
    }

    /// Records `payment`; false when the order already has one.
    static func insert(_ payment: PaymentRecord, at time: Date, in tx: any DatabaseTransaction) async throws -> Bool {
        let rows = try await tx.query(
            """
            INSERT INTO payments (order_id, payment_id, customer_id, status, reason, amount_minor, currency, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (order_id) DO NOTHING RETURNING order_id
            """,
            [
                .text(payment.orderID), .text(payment.paymentID), .text(payment.customerID), .text(payment.status.rawValue),
                .text(payment.reason), .integer(payment.amountMinor), .text(payment.currency),
                .integer(Int64((time.timeIntervalSince1970 * 1_000_000).rounded())),
            ],
            summary: "INSERT payments"
        )
        return !rows.isEmpty
    }

    /// Marks the payment of `orderID` refunded.
    static func markRefunded(orderID: String, at time: Date, in tx: any DatabaseTransaction) async throws {
        try await tx.query(
            "UPDATE payments SET status = 'refunded', refunded_at = $1 WHERE order_id = $2",
            [.integer(Int64((time.timeIntervalSince1970 * 1_000_000).rounded())), .text(orderID)], summary: "UPDATE payments"
        )
    }
}
