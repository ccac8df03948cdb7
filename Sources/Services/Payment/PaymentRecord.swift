import Foundation
import Storage

/// An order's payment as stored and as `GET /payments/{orderID}` shows it.
struct PaymentRecord: Codable, Sendable, Equatable {
    /// `completed`, `failed` or `refunded`.
    enum Status: String, Codable, Sendable {
        case completed, failed, refunded
    }

    var orderID: String
    /// The gateway's charge id; nil when the charge was declined.
    var paymentID: String?
    var customerID: String
    var status: Status
    /// Why it failed (`declined`); nil otherwise.
    var reason: String?
    var amountMinor: Int64
    var currency: String
}

extension PaymentRecord {
    init(row: DatabaseRow) throws {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw DatabaseError(code: .decodingFailed, message: "payments.\(column) is NULL") }
            return value
        }
        let status = try required(row.text("status"), "status")
        guard let known = Status(rawValue: status) else {
            throw DatabaseError(code: .decodingFailed, message: "payments.status \"\(status)\" is not a known status")
        }
        self.init(
            orderID: try required(row.text("order_id"), "order_id"), paymentID: try row.text("payment_id"),
            customerID: try required(row.text("customer_id"), "customer_id"), status: known, reason: try row.text("reason"),
            amountMinor: try required(row.integer("amount_minor"), "amount_minor"), currency: try required(row.text("currency"), "currency")
        )
    }
}
