import CommerceEvents
import Foundation
import ServiceRuntime

// Inventory: stock levels and reservations (available-to-promise).
// gRPC `commerce.inventory.v1.Inventory` (GetLevels, WatchStock) on the internal port; admin REST
// `PUT/GET /stock/{productID}` on the public port. Consumes `checkout.order.created` (reserve) and
// `inventory.release` (release), publishing the outcome through the outbox.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "inventory",
    version: InventoryBuild.version,
    ports: .init(http: 8083, grpc: 9093, metrics: 9467, admin: 6063),
    environment: environment
)
let database = try await runtime.database(migrations: InventorySchema.migrations)
try runtime.relayOutbox()
let store = StockStore(database: database, outbox: runtime.eventOutbox)
let broadcaster = StockBroadcaster()
let events = InventoryEventHandlers(store: store, broadcaster: broadcaster, steps: SagaSteps(factory: runtime.metricsFactory, steps: InventoryEventHandlers.publishedSteps))
try runtime.consumeEvents(group: InventoryEventHandlers.group, topics: InventoryEventHandlers.topics, handlers: events.handlers)
let router = runtime.makeRouter()
InventoryRoutes(store: store, broadcaster: broadcaster).register(on: router)
try await runtime.run(router: router, grpcServices: [InventoryGRPCService(store: store, broadcaster: broadcaster)])
broadcaster.shutdown()
