import CommerceEvents
import Foundation
import Kafka
import Messaging
import MetricsTestKit
import ServiceTesting
import Storage
import Testing

@testable import Inventory

/// The saga consumer through the real ``EventConsumer`` and inbox (Kafka messages handed to it directly).
@Suite struct InventoryEventHandlersTests {
    typealias F = InventoryFixtures

    struct Harness {
        let consumer: EventConsumer
        let broadcaster: StockBroadcaster
        let metrics: TestMetrics

        init(_ store: StockStore, _ database: any Database) {
            metrics = TestMetrics()
            broadcaster = StockBroadcaster()
            let handlers = InventoryEventHandlers(store: store, broadcaster: broadcaster, steps: SagaSteps(factory: metrics, steps: InventoryEventHandlers.publishedSteps))
            consumer = EventConsumer(name: InventoryEventHandlers.group, database: database, handlers: handlers.handlers, inbox: InboxStore(metricsFactory: metrics))
        }

        func deliver<E: Event>(_ event: E, id: String = UUID().uuidString.lowercased()) async throws {
            let bytes = try EventCodec().encode(EventEnvelope(event, source: "tests", id: id))
            try await consumer.handle(KafkaMessage(topic: E.type, partition: 0, offset: 0, key: nil, value: bytes))
        }

        func steps(_ step: String) -> Int64 {
            (try? metrics.expectCounter(SagaSteps.name, [("step", step)]).totalValue) ?? 0
        }
    }

    @Test(arguments: TestBackend.available)
    func orderCreated_sameEnvelopeTwice_reservesOnceAndCountsOneStep(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let harness = Harness(store, database)
            let order = F.order("o-dup", [("sku-1010", 3)])
            try await harness.deliver(order, id: "e-1")
            try await harness.deliver(order, id: "e-1")
            try await harness.deliver(order, id: "e-2")  // the same order in another envelope: no second effect either
            #expect(try await F.level(store, "sku-1010")?.reserved == 3)
            #expect(try await outboxEvents(database).map(\.type) == ["inventory.reserved"])
            #expect(harness.steps("inventory.reserved") == 1)
            let skipped = try harness.metrics.expectCounter("inbox.duplicates.skipped", [("messaging.consumer.group.name", "inventory")])
            #expect(skipped.totalValue == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func release_sameEnvelopeTwiceAndAnotherRelease_releasesOnce(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let harness = Harness(store, database)
            try await harness.deliver(F.order("o-rel", [("sku-1011", 2)]))
            let release = InventoryRelease(orderID: "o-rel", reason: "payment_declined")
            try await harness.deliver(release, id: "r-1")
            try await harness.deliver(release, id: "r-1")
            try await harness.deliver(release, id: "r-2")
            #expect(try await F.level(store, "sku-1011")?.reserved == 0)
            #expect(try await outboxEvents(database).map(\.type) == ["inventory.reserved", "inventory.released"])
            #expect(harness.steps("inventory.released") == 1)
        }
    }

    @Test func orderCreated_outOfStock_publishesFailedAndCountsItsStep() async throws {
        try await F.withInventory(.sqlite) { store, database in
            let harness = Harness(store, database)
            try await harness.deliver(F.order("o-oos", [("sku-1020", 1)]))
            let events = try await outboxEvents(database)
            #expect(events.map(\.type) == ["inventory.reservation.failed"])
            #expect(events.first?.payload.contains("insufficient_stock") == true)
            #expect(harness.steps("inventory.reservation.failed") == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func orderCreated_nonPositiveQuantity_publishesInvalidOrderFailureOnce(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let harness = Harness(store, database)
            let order = F.order("o-bad", [("sku-1001", 0), ("sku-1002", 1)])
            try await harness.deliver(order, id: "b-1")
            try await harness.deliver(order, id: "b-2")  // another delivery of the same order: no second event
            let events = try await outboxEvents(database)
            #expect(events.map(\.type) == ["inventory.reservation.failed"])
            #expect(events.first?.payload.contains("invalid_order") == true)
            #expect(events.first?.payload.contains("sku-1001") == true)
            let state = try await store.orderState("o-bad")
            let level = try await F.level(store, "sku-1002")
            #expect(state == "failed")
            #expect(level?.reserved == 0)
            #expect(harness.steps("inventory.reservation.failed") == 1)
        }
    }

    @Test func orderCreated_noItems_publishesInvalidOrderFailure() async throws {
        try await F.withInventory(.sqlite) { store, database in
            let harness = Harness(store, database)
            try await harness.deliver(F.order("o-empty", []))
            let events = try await outboxEvents(database)
            #expect(events.map(\.type) == ["inventory.reservation.failed"])
            #expect(events.first?.payload.contains("invalid_order") == true)
        }
    }

    @Test func orderCreated_emptyOrderID_failsPermanentlyWithNoEffect() async throws {
        try await F.withInventory(.sqlite) { store, database in
            let harness = Harness(store, database)
            let error = await #expect(throws: KafkaHandlerError.self) {
                try await harness.deliver(F.order("", [("sku-1001", 1)]))
            }
            #expect(error?.kind == .permanent)
            let events = try await outboxEvents(database)
            let level = try await F.level(store, "sku-1001")
            #expect(events.isEmpty)
            #expect(level?.reserved == 0)
        }
    }

    @Test func orderCreated_reserved_pushesTheCommittedLevelToWatchers() async throws {
        try await F.withInventory(.sqlite) { store, database in
            let harness = Harness(store, database)
            let subscription = try #require(harness.broadcaster.subscribe(productIDs: ["sku-1012"]))
            try await harness.deliver(F.order("o-watch", [("sku-1012", 7), ("sku-1013", 1)]))
            #expect(subscription.take().map(\.reserved) == [7])
        }
    }
}
