import CommerceEvents
import ServiceTesting
import Storage
import Testing

@testable import Inventory

/// Reservations and releases against the real databases, with the seeded demo stock.
@Suite struct StockStoreTests {
    typealias F = InventoryFixtures

    @Test(arguments: TestBackend.available)
    func reserve_enoughStock_reservesEveryItemAndEnqueuesReservedWithTheAmount(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let order = F.order("o-1", [("sku-1002", 3), ("sku-1001", 2)])
            let outcome = try await database.withTransaction { tx in try await store.reserve(order, in: tx) }
            guard case .reserved(let event, let levels) = outcome else { Issue.record("expected reserved, got \(outcome)"); return }
            #expect(event.items == order.items)
            #expect(event.totalMinor == 500)
            #expect(event.currency == "EUR")
            #expect(levels.map(\.productID) == ["sku-1001", "sku-1002"])
            #expect(try await F.level(store, "sku-1001")?.reserved == 2)
            #expect(try await F.level(store, "sku-1002")?.available == 999_997)
            #expect(try await outboxEvents(database).map(\.type) == ["inventory.reserved"])
            #expect(try await store.orderState("o-1") == "reserved")
        }
    }

    @Test(arguments: TestBackend.available)
    func reserve_oneItemOutOfStock_reservesNothingAndEnqueuesInsufficientStock(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let outcome = try await database.withTransaction { tx in
                try await store.reserve(F.order("o-2", [("sku-1001", 1), ("sku-1020", 1)]), in: tx)
            }
            #expect(outcome == .failed(InventoryReservationFailed(orderID: "o-2", reason: "insufficient_stock", productIDs: ["sku-1020"])))
            let level = try #require(try await F.level(store, "sku-1001"))
            #expect(level.reserved == 0, "all or nothing")
            #expect(level.version == 0)
            #expect(try await outboxEvents(database).map(\.type) == ["inventory.reservation.failed"])
            let rows = try await database.query("SELECT count(*) AS n FROM reservations")
            #expect(try rows.first?.integer("n") == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func reserve_unknownProduct_failsWithUnknownProduct(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let outcome = try await database.withTransaction { tx in
                try await store.reserve(F.order("o-3", [("sku-1001", 1), ("sku-7777", 1)]), in: tx)
            }
            #expect(outcome == .failed(InventoryReservationFailed(orderID: "o-3", reason: "unknown_product", productIDs: ["sku-7777"])))
            #expect(try await F.level(store, "sku-1001")?.reserved == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func reserve_sameOrderAgain_hasNoSecondEffect(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let order = F.order("o-4", [("sku-1003", 5)])
            _ = try await database.withTransaction { tx in try await store.reserve(order, in: tx) }
            let again = try await database.withTransaction { tx in try await store.reserve(order, in: tx) }
            #expect(again == .alreadyHandled)
            #expect(try await F.level(store, "sku-1003")?.reserved == 5)
            #expect(try await outboxEvents(database).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func release_reservedOrder_releasesOnceAndEnqueuesReleasedOnce(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            _ = try await database.withTransaction { tx in try await store.reserve(F.order("o-5", [("sku-1004", 4), ("sku-1005", 1)]), in: tx) }
            let first = try await database.withTransaction { tx in try await store.release(orderID: "o-5", in: tx) }
            #expect(first?.event.items.map(\.productID) == ["sku-1004", "sku-1005"])
            #expect(first?.event.items.map(\.quantity) == [4, 1])
            let second = try await database.withTransaction { tx in try await store.release(orderID: "o-5", in: tx) }
            #expect(second == nil)
            #expect(try await F.level(store, "sku-1004")?.reserved == 0)
            #expect(try await store.orderState("o-5") == "released")
            #expect(try await outboxEvents(database).map(\.type) == ["inventory.reserved", "inventory.released"])
        }
    }

    @Test(arguments: TestBackend.available)
    func release_beforeItsOrder_theLateOrderReservesNothing(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            let early = try await database.withTransaction { tx in try await store.release(orderID: "o-late", in: tx) }
            #expect(early == nil)
            let outcome = try await database.withTransaction { tx in try await store.reserve(F.order("o-late", [("sku-1009", 1)]), in: tx) }
            #expect(outcome == .alreadyHandled)
            #expect(try await F.level(store, "sku-1009")?.reserved == 0)
            #expect(try await outboxEvents(database).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func reserve_concurrentOrders_neverOversellAndStayAllOrNothing(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            // The scarce product sorts last: each order has already taken the plentiful one when it runs out.
            _ = try await store.setOnHand(productID: "sku-1006", onHand: 1_000)
            _ = try await store.setOnHand(productID: "sku-1007", onHand: 10)
            let outcomes = try await withThrowingTaskGroup(of: ReservationOutcome.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        // Every order takes one of the scarce product and one of the plentiful one.
                        try await database.withTransaction { tx in
                            try await store.reserve(F.order("c-\(index)", [("sku-1007", 1), ("sku-1006", 1)]), in: tx)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let reserved = outcomes.filter { if case .reserved = $0 { true } else { false } }.count
            #expect(reserved == 10)
            #expect(outcomes.count - reserved == 30)
            let scarce = try #require(try await F.level(store, "sku-1007"))
            let plentiful = try #require(try await F.level(store, "sku-1006"))
            #expect(scarce.reserved == 10)
            #expect(scarce.available == 0)
            #expect(plentiful.reserved == 10, "a failed order gives back what it took")
        }
    }

    @Test(arguments: TestBackend.available)
    func setOnHand_belowReserved_isRefusedAndNewProductIsCreated(backend: TestBackend) async throws {
        try await F.withInventory(backend) { store, database in
            _ = try await database.withTransaction { tx in try await store.reserve(F.order("o-6", [("sku-1008", 5)]), in: tx) }
            #expect(try await store.setOnHand(productID: "sku-1008", onHand: 4) == nil)
            #expect(try await store.setOnHand(productID: "sku-1008", onHand: 5)?.available == 0)
            let created = try await store.setOnHand(productID: "sku-2000", onHand: 7)
            #expect(created == StockLevel(productID: "sku-2000", onHand: 7, reserved: 0, version: 1))
        }
    }

    @Test func seed_demoStock_sku1020IsOutOfStockAndTheRestHaveAMillion() async throws {
        try await F.withInventory(.sqlite) { store, _ in
            let levels = try await store.levels(productIDs: nil)
            #expect(levels.count == 20)
            #expect(levels.last == StockLevel(productID: "sku-1020", onHand: 0, reserved: 0, version: 0))
            #expect(levels.dropLast().allSatisfy { $0.onHand == 1_000_000 })
        }
    }
}
