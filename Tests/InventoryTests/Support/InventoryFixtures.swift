import CommerceEvents
import Messaging
import ServiceTesting
import Storage
import Tracing

@testable import Inventory

/// Orders and stores for the Inventory tests.
enum InventoryFixtures {
    static func store(_ database: any Database) -> StockStore {
        StockStore(database: database, outbox: EventOutbox(source: "inventory", tracer: NoOpTracer()))
    }

    static func order(_ id: String, _ items: [(String, Int)], customer: String = "c-1") -> OrderCreated {
        let lines = items.map { LineItem(productID: $0.0, quantity: $0.1, unitPriceMinor: 100) }
        return OrderCreated(
            orderID: id, customerID: customer, customerGroup: "standard", items: lines,
            totalMinor: Int64(lines.reduce(0) { $0 + $1.quantity * 100 }), currency: "EUR"
        )
    }

    static func withInventory(_ backend: TestBackend, _ body: @Sendable (StockStore, any Database) async throws -> Void) async throws {
        try await ServiceTestDatabase.with(backend, migrations: InventorySchema.migrations, component: "inventory") { database in
            try await body(store(database), database)
        }
    }

    static func level(_ store: StockStore, _ productID: String) async throws -> StockLevel? {
        try await store.levels(productIDs: [productID]).first
    }
}
