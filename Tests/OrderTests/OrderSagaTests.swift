import CommerceEvents
import Foundation
import Kafka
import Messaging
import MetricsTestKit
import ServiceTesting
import Storage
import Testing

@testable import Order

/// Order's saga handlers through the real EventConsumer + inbox path, against SQLite and PostgreSQL.
@Suite struct OrderSagaTests {
    let metrics = TestMetrics()
    let created = Date(timeIntervalSince1970: 1_700_000_000)

    func delivery(_ database: any Database) -> EnvelopeDelivery {
        let saga = OrderSaga(outbox: EventOutbox(source: "order"), metrics: SagaMetrics(factory: metrics), now: { [created] in created + 2 })
        return EnvelopeDelivery(consumer: EventConsumer(name: OrderSaga.group, database: database, handlers: saga.handlers, inbox: InboxStore(metricsFactory: metrics)))
    }

    static func orderCreated(_ id: String, at time: Date) -> EventEnvelope<OrderCreated> {
        EventEnvelope(
            OrderCreated(orderID: id, customerID: "c-1", customerGroup: "standard", items: [LineItem(productID: "sku-1001", quantity: 2, unitPriceMinor: 2490)], totalMinor: 4980, currency: "EUR"),
            source: "checkout", time: time
        )
    }

    static func reserved(_ id: String) -> EventEnvelope<InventoryReserved> {
        EventEnvelope(InventoryReserved(orderID: id, customerID: "c-1", items: [], totalMinor: 4980, currency: "EUR"), source: "inventory")
    }

    func history(_ database: any Database, _ id: String) async throws -> [String] {
        try await OrderStore(database: database).order(id: id)?.history.map { "\($0.status)@\($0.event)" } ?? []
    }

    @Test(arguments: TestBackend.available)
    func happyPath_eachEventTwice_confirmsOnceWithFullHistory(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let delivery = delivery(database)
            let id = UUID().uuidString.lowercased()
            let created = Self.orderCreated(id, at: self.created)
            let reserved = Self.reserved(id)
            let paid = EventEnvelope(PaymentCompleted(orderID: id, paymentID: "pay-1", amountMinor: 4980, currency: "EUR"), source: "payment")
            for _ in 0..<2 { try await delivery.deliver(created, topic: OrderCreated.topic, key: id) }
            for _ in 0..<2 { try await delivery.deliver(reserved, topic: InventoryReserved.topic, key: id) }
            for _ in 0..<2 { try await delivery.deliver(paid, topic: PaymentCompleted.topic, key: id) }
            let order = try #require(try await OrderStore(database: database).order(id: id))
            #expect(order.status == "confirmed" && order.customerID == "c-1" && order.totalMinor == 4980 && order.currency == "EUR")
            #expect(try await history(database, id) == [
                "created@checkout.order.created", "reserved@inventory.reserved", "paid@payment.completed", "confirmed@payment.completed",
            ])
            #expect(try await outboxCount(database, eventType: OrderConfirmed.type, aggregateID: id) == 1)
            #expect(try metrics.expectCounter("checkout.saga.steps", [("step", OrderConfirmed.type)]).totalValue == 1)
            let timer = try metrics.expectTimer("checkout.saga.duration", [("outcome", "confirmed")])
            #expect(timer.values == [2_000_000_000])
            #expect(try metrics.expectCounter("inbox.duplicates.skipped", [("messaging.consumer.group.name", OrderSaga.group)]).totalValue == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func declinedPayment_deliveredTwice_compensatesOnce_andReleaseIsNotedOnce(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let delivery = delivery(database)
            let id = UUID().uuidString.lowercased()
            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
            try await delivery.deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            let failed = EventEnvelope(PaymentFailed(orderID: id, reason: "declined"), source: "payment")
            let released = EventEnvelope(InventoryReleased(orderID: id, items: []), source: "inventory")
            for _ in 0..<2 { try await delivery.deliver(failed, topic: PaymentFailed.topic, key: id) }
            for _ in 0..<2 { try await delivery.deliver(released, topic: InventoryReleased.topic, key: id) }
            let order = try #require(try await OrderStore(database: database).order(id: id))
            #expect(order.status == "failed" && order.reason == "declined")
            #expect(try await history(database, id).suffix(2) == ["failed@payment.failed", "failed@inventory.released"])
            for type in [InventoryRelease.type, OrderFailed.type, NotificationRequested.type] {
                #expect(try await outboxCount(database, eventType: type, aggregateID: id) == 1, "\(type)")
                #expect(try metrics.expectCounter("checkout.saga.steps", [("step", type)]).totalValue == 1, "\(type)")
            }
            #expect(try metrics.expectCounter("checkout.saga.compensations", [("reason", "payment_declined")]).totalValue == 1)
            #expect(try metrics.expectTimer("checkout.saga.duration", [("outcome", "failed")]).values.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func reservationFailure_deliveredTwice_failsOnceWithoutRelease(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let delivery = delivery(database)
            let id = UUID().uuidString.lowercased()
            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
            let failed = EventEnvelope(InventoryReservationFailed(orderID: id, reason: "insufficient_stock", productIDs: ["sku-1020"]), source: "inventory")
            for _ in 0..<2 { try await delivery.deliver(failed, topic: InventoryReservationFailed.topic, key: id) }
            #expect(try await OrderStore(database: database).order(id: id)?.reason == "insufficient_stock")
            #expect(try await outboxCount(database, eventType: OrderFailed.type, aggregateID: id) == 1)
            #expect(try await outboxCount(database, eventType: NotificationRequested.type, aggregateID: id) == 1)
            #expect(try await outboxCount(database, eventType: InventoryRelease.type, aggregateID: id) == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func eventBeforeItsPredecessor_isRetriedTransiently_thenApplies(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let delivery = delivery(database)
            let id = UUID().uuidString.lowercased()
            let reserved = Self.reserved(id)
            let error = await #expect(throws: KafkaHandlerError.self) {
                try await delivery.deliver(reserved, topic: InventoryReserved.topic, key: id)
            }
            #expect(error?.kind == .transient)
            #expect(try await OrderStore(database: database).order(id: id) == nil, "nothing was written")
            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
            try await delivery.deliver(reserved, topic: InventoryReserved.topic, key: id)
            #expect(try await OrderStore(database: database).order(id: id)?.status == "reserved")
        }
    }

    @Test(arguments: TestBackend.available)
    func unknownOrder_read_isNil(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let order = try await OrderStore(database: database).order(id: "nope")
            #expect(order == nil)
        }
    }
}

extension OrderSagaTests {
    struct SimulatedCrash: Error {}

    @Test(arguments: TestBackend.available)
    func paymentFailed_transactionRolledBack_recordsNoSagaMetrics_untilItCommits(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let delivery = delivery(database)
            let saga = OrderSaga(outbox: EventOutbox(source: "order"), metrics: SagaMetrics(factory: metrics), now: { [created] in created + 2 })
            let id = UUID().uuidString.lowercased()
            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
            try await delivery.deliver(Self.reserved(id), topic: InventoryReserved.topic, key: id)
            await #expect(throws: SimulatedCrash.self) {
                try await database.withTransaction { tx in
                    _ = try await saga.apply(.paymentFailed(reason: "declined"), orderID: id, in: tx)
                    throw SimulatedCrash()
                }
            }
            #expect(metrics.counterTotal(label: "checkout.saga.steps") == 0)
            #expect(metrics.counterTotal(label: "checkout.saga.compensations") == 0)
            #expect(metrics.timers(label: "checkout.saga.duration").isEmpty)
            try await delivery.deliver(EventEnvelope(PaymentFailed(orderID: id, reason: "declined"), source: "payment"), topic: PaymentFailed.topic, key: id)
            #expect(metrics.counterTotal(label: "checkout.saga.steps") == 3, "inventory.release, order.failed, notification.requested")
            #expect(metrics.counterTotal(label: "checkout.saga.compensations") == 1)
            #expect(try metrics.expectTimer("checkout.saga.duration", [("outcome", "failed")]).values.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func twoCreatedEnvelopes_atOnce_createOneOrderWithOneHistoryRow(backend: TestBackend) async throws {
        try await ServiceTestDatabase.with(backend, migrations: OrderSchema.migrations) { database in
            let id = UUID().uuidString.lowercased()
            let delivery = delivery(database)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.contains(true))
            // A loser (if any) failed transiently; its redelivery is a duplicate.
            try await delivery.deliver(Self.orderCreated(id, at: self.created), topic: OrderCreated.topic, key: id)
            #expect(try await history(database, id) == ["created@checkout.order.created"])
        }
    }
}
