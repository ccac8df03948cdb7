import CommerceEvents
import Foundation
import Messaging
import Storage

/// Refunds a completed payment once, publishing `payment.refunded` in the same transaction.
struct PaymentRefunds: Sendable {
    /// Why a refund was refused.
    struct Refusal: Error, Sendable, Equatable {
        enum Code: String, Sendable { case unknownOrder = "unknown_order", notRefundable = "not_refundable", alreadyRefunded = "already_refunded" }
        var code: Code
        var message: String
    }

    let database: any Database
    let processor: PaymentProcessor

    /// Refunds the payment of `orderID` and returns it.
    /// - Throws: ``Refusal`` (unknown order, failed payment, already refunded), ``GatewayError``, database errors.
    func refund(orderID: String) async throws -> PaymentRecord {
        let processor = processor
        let refunded: PaymentRecord = try await database.withTransaction { tx in
            guard var payment = try await PaymentStore.lock(orderID: orderID, in: tx) else {
                throw Refusal(code: .unknownOrder, message: "no payment for order \(orderID)")
            }
            switch payment.status {
            case .refunded: throw Refusal(code: .alreadyRefunded, message: "the payment of order \(orderID) is already refunded")
            case .failed: throw Refusal(code: .notRefundable, message: "the payment of order \(orderID) failed: nothing to refund")
            case .completed: break
            }
            let paymentID = payment.paymentID ?? ""
            try await processor.gateway.refund(paymentID: paymentID, amountMinor: payment.amountMinor, idempotencyKey: "refund-" + orderID)
            try await PaymentStore.markRefunded(orderID: orderID, at: processor.now(), in: tx)
            try await processor.outbox.enqueue(
                PaymentRefunded(orderID: orderID, paymentID: paymentID, amountMinor: payment.amountMinor, currency: payment.currency),
                topic: PaymentRefunded.topic, aggregateID: orderID, in: tx
            )
            payment.status = .refunded
            return payment
        }
        processor.stepPublished(PaymentRefunded.type)
        return refunded
    }
}
