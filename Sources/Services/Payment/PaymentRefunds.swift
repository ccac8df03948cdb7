import CommerceEvents
import Foundation
import Messaging
import Storage

/// Refunds a completed payment once, publishing `payment.refunded` in the transaction that marks it refunded.
struct PaymentRefunds: Sendable {
    /// Why a refund was refused.
    struct Refusal: Error, Sendable, Equatable {
        enum Code: String, Sendable { case unknownOrder = "unknown_order", notRefundable = "not_refundable", alreadyRefunded = "already_refunded" }
        var code: Code
        var message: String
    }

    let database: any Database
    let processor: PaymentProcessor

    /// Refunds the payment of `orderID` and returns it. Like the charge, the gateway call runs outside any
    /// transaction (a slow provider must not hold one open): tx1 locks, validates and reads the payment; the
    /// gateway refunds under the key `refund-<orderID>` (so a repeated or concurrent refund moves money once);
    /// tx2 re-checks the payment, marks it refunded and enqueues `payment.refunded`.
    /// - Throws: ``Refusal`` (unknown order, failed payment, already refunded), ``GatewayError``, database errors.
    func refund(orderID: String) async throws -> PaymentRecord {
        let processor = processor
        let payment = try await database.withTransaction { tx in try Self.refundable(try await PaymentStore.lock(orderID: orderID, in: tx), orderID: orderID) }
        let paymentID = payment.paymentID ?? ""
        try await processor.gateway.refund(paymentID: paymentID, amountMinor: payment.amountMinor, idempotencyKey: "refund-" + orderID)
        let refunded: PaymentRecord = try await database.withTransaction { tx in
            var payment = try Self.refundable(try await PaymentStore.lock(orderID: orderID, in: tx), orderID: orderID)
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

    /// `payment` when it can be refunded (completed).
    /// - Throws: ``Refusal`` otherwise.
    private static func refundable(_ payment: PaymentRecord?, orderID: String) throws(Refusal) -> PaymentRecord {
        guard let payment else { throw Refusal(code: .unknownOrder, message: "no payment for order \(orderID)") }
        switch payment.status {
        case .refunded: throw Refusal(code: .alreadyRefunded, message: "the payment of order \(orderID) is already refunded")
        case .failed: throw Refusal(code: .notRefundable, message: "the payment of order \(orderID) failed: nothing to refund")
        case .completed: return payment
        }
    }
}
