import CommerceEvents
import Foundation
import Kafka
import Messaging
import MetricsTestKit
import ServiceTesting
import Storage
import TelemetryTesting
import Testing
import Tracing

@testable import Payment

/// Payment's charge handler through the real EventConsumer + inbox path, against SQLite and PostgreSQL.
@Suite struct PaymentProcessorTests {
    let metrics = TestMetrics()
    let tracer = RecordingTracer(sampleRoot: true)
    let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))

    func processor(_ database: any Database) -> PaymentProcessor {
        PaymentProcessor(database: database, gateway: gateway, outbox: EventOutbox(source: "payment"), tracer: tracer, metricsFactory: metrics)
    }

    func delivery(_ database: any Database) -> EnvelopeDelivery {
        EnvelopeDelivery(
            consumer: EventConsumer(
                name: PaymentProcessor.group, database: database, handlers: processor(database).handlers, inbox: InboxStore(metricsFactory: metrics)
            )
        )
    }

    static func reserved(_ orderID: String, customerID: String = "c-1") -> EventEnvelope<InventoryReserved> {
        EventEnvelope(InventoryReserved(orderID: orderID, customerID: customerID, items: [], totalMinor: 4980, currency: "EUR"), source: "inventory")
    }

    struct SimulatedCrash: Error {}

    @Test(arguments: TestBackend.available)
    func reserved_deliveredTwice_chargesOnceAndCompletesOnce(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let envelope = Self.reserved(id)
            try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            let payment = try #require(try await PaymentStore.payment(orderID: id, in: database))
            #expect(payment.status == .completed && payment.amountMinor == 4980 && payment.paymentID != nil)
            #expect(gateway.chargesTaken(idempotencyKey: id) == 1)
            #expect(try await outboxCount(database, eventType: PaymentCompleted.type, aggregateID: id) == 1)
            #expect(try metrics.expectCounter("checkout.saga.steps", [("step", PaymentCompleted.type)]).totalValue == 1)
            let spans = tracer.finishedSpans.filter { $0.operationName == "gateway.charge" }
            #expect(spans.count == 1 && spans.first?.kind == .client)
        }
    }

    @Test(arguments: TestBackend.available)
    func secondReservedEnvelope_forAChargedOrder_changesNothing(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            try await delivery(database).deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            try await delivery(database).deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            #expect(try await outboxCount(database, eventType: PaymentCompleted.type, aggregateID: id) == 1)
            #expect(metrics.counterTotal(label: "checkout.saga.steps") == 1)
            #expect(tracer.finishedSpans.filter { $0.operationName == "gateway.charge" }.count == 1, "the gateway was not asked again")
        }
    }

    @Test(arguments: TestBackend.available)
    func crashAfterTheCharge_beforeTheCommit_retryKeepsTheFirstChargeAndTakesNoMoreMoney(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let processor = processor(database)
            // First attempt: the charge goes through, then the recording transaction never commits.
            let first = try await processor.prepareCharge(Self.reserved(id).data)
            await #expect(throws: SimulatedCrash.self) {
                try await database.withTransaction { tx in
                    _ = try await processor.record(Self.reserved(id).data, charge: first, in: tx)
                    throw SimulatedCrash()
                }
            }
            #expect(try await PaymentStore.payment(orderID: id, in: database) == nil, "rolled back")
            #expect(gateway.chargesTaken(idempotencyKey: id) == 1)
            #expect(metrics.counterTotal(label: "checkout.saga.steps") == 0, "a rolled-back step is not counted")
            // The redelivery charges again with the same idempotency key.
            try await delivery(database).deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            let payment = try #require(try await PaymentStore.payment(orderID: id, in: database))
            #expect(payment.status == .completed)
            #expect(first == .approved(paymentID: try #require(payment.paymentID)), "the first charge's id is recorded")
            #expect(gateway.chargesTaken(idempotencyKey: id) == 1, "money moved once")
            #expect(try await outboxCount(database, eventType: PaymentCompleted.type, aggregateID: id) == 1)
            #expect(try metrics.expectCounter("checkout.saga.steps", [("step", PaymentCompleted.type)]).totalValue == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func declineCustomer_reserved_failsWithReasonDeclined(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let envelope = Self.reserved(id, customerID: "decline-7")
            try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            let payment = try #require(try await PaymentStore.payment(orderID: id, in: database))
            #expect(payment.status == .failed && payment.reason == "declined" && payment.paymentID == nil)
            #expect(try await outboxCount(database, eventType: PaymentFailed.type, aggregateID: id) == 1)
            #expect(try await outboxCount(database, eventType: PaymentCompleted.type, aggregateID: id) == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func gatewayOutage_reserved_failsTransientlyWritingNothing_thenAppliesOnRetry(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let envelope = Self.reserved(id)
            gateway.setUnavailable(true)
            let error = await #expect(throws: KafkaHandlerError.self) {
                try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            }
            #expect(error?.kind == .transient)
            #expect(try await PaymentStore.payment(orderID: id, in: database) == nil)
            let span = tracer.finishedSpans.first { $0.operationName == "gateway.charge" }
            #expect(span?.status?.code == .error)
            gateway.setUnavailable(false)
            try await delivery(database).deliver(envelope, topic: InventoryReserved.topic, key: id)
            #expect(try await PaymentStore.payment(orderID: id, in: database)?.status == .completed)
        }
    }
}

extension PaymentProcessorTests {
    @Test(arguments: TestBackend.available)
    func twoReservedEnvelopes_atOnce_recordOnePaymentAndOneEvent(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: PaymentSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let delivery = delivery(database)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            try await delivery.deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.contains(true))
            // A loser (if any) failed transiently; its redelivery changes nothing.
            try await delivery.deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            #expect(try await outboxCount(database, eventType: PaymentCompleted.type, aggregateID: id) == 1)
            #expect(gateway.chargesTaken(idempotencyKey: id) == 1)
            #expect(metrics.counterTotal(label: "checkout.saga.steps") == 1, "the second envelope is not counted")
        }
    }
}
