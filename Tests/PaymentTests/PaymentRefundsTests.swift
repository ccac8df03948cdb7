import CommerceEvents
import Foundation
import Messaging
import MetricsTestKit
import ServiceTesting
import Storage
import TelemetryTesting
import Testing

@testable import Payment

/// Refunds against SQLite and PostgreSQL.
@Suite struct PaymentRefundsTests {
    let metrics = TestMetrics()
    let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))

    func charged(_ database: any Database, customerID: String = "c-1") async throws -> (String, PaymentRefunds) {
        let processor = PaymentProcessor(database: database, gateway: gateway, outbox: EventOutbox(source: "payment"), tracer: RecordingTracer(), metricsFactory: metrics)
        let id = UUID().uuidString.lowercased()
        let reserved = InventoryReserved(orderID: id, customerID: customerID, items: [], totalMinor: 1200, currency: "EUR")
        let charge = try await processor.prepareCharge(reserved)
        try await database.withTransaction { tx in
            _ = try await processor.record(reserved, charge: charge, in: tx)
        }
        return (id, PaymentRefunds(database: database, processor: processor))
    }

    @Test(arguments: TestBackend.available)
    func completedPayment_refundedTwice_refundsOnceAndRefusesTheSecond(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let (id, refunds) = try await charged(database)
            let refunded = try await refunds.refund(orderID: id)
            #expect(refunded.status == .refunded)
            await #expect(throws: PaymentRefunds.Refusal.self) { try await refunds.refund(orderID: id) }
            #expect(try await PaymentStore.payment(orderID: id, in: database)?.status == .refunded)
            #expect(try await outboxCount(database, eventType: PaymentRefunded.type, aggregateID: id) == 1)
            #expect(gateway.refundsTaken(paymentID: try #require(refunded.paymentID)) == 1)
            #expect(try metrics.expectCounter("checkout.saga.steps", [("step", PaymentRefunded.type)]).totalValue == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func failedOrUnknownPayment_refunded_isRefusedWithItsCode(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let (id, refunds) = try await charged(database, customerID: "decline-1")
            await #expect(throws: PaymentRefunds.Refusal(code: .notRefundable, message: "the payment of order \(id) failed: nothing to refund")) {
                try await refunds.refund(orderID: id)
            }
            await #expect(throws: PaymentRefunds.Refusal(code: .unknownOrder, message: "no payment for order nope")) {
                try await refunds.refund(orderID: "nope")
            }
            #expect(try await outboxCount(database, eventType: PaymentRefunded.type, aggregateID: id) == 0)
        }
    }
}
