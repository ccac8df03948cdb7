import Foundation
import Storage

/// The stored facts of one order the saga needs to act: its state, who ordered, what, and since when.
struct OrderRecord: Sendable, Equatable {
    var id: String
    var state: OrderState
    var customerID: String
    var totalMinor: Int64
    var currency: String
    /// When Checkout created the order (the `checkout.order.created` envelope's time).
    var createdAt: Date
}

extension OrderRecord {
    init(row: DatabaseRow) throws {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw DatabaseError(code: .decodingFailed, message: "orders.\(column) is NULL") }
            return value
        }
        let status = try required(row.text("status"), "status")
        guard let state = OrderState(status: status, reason: try row.text("reason")) else {
            throw DatabaseError(code: .decodingFailed, message: "orders.status \"\(status)\" is not a known state")
        }
        self.init(
            id: try required(row.text("id"), "id"),
            state: state,
            customerID: try required(row.text("customer_id"), "customer_id"),
            totalMinor: try required(row.integer("total_minor"), "total_minor"),
            currency: try required(row.text("currency"), "currency"),
            createdAt: Date(timeIntervalSince1970: Double(try required(row.integer("created_at"), "created_at")) / 1_000_000)
        )
    }
}

extension Date {
    /// Microseconds since the Unix epoch, as stored.
    var microseconds: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
}
