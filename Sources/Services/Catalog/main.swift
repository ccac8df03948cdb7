import Foundation
import ServiceRuntime

// Catalog: the product catalogue, the first service on the telemetry kit.
// REST on the public port, gRPC `commerce.catalog.v1.Catalog/GetProduct` on the internal port.
// Products live in its database; a price change publishes `catalog.price.changed` through the outbox,
// and Catalog's own consumer projects those events into the price history.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "catalog",
    version: CatalogBuild.version,
    ports: .init(http: 8080, grpc: 9090, metrics: 9464, admin: 6060),
    environment: environment
)
let settings = CatalogSettings.fromEnvironment(environment, logger: runtime.logger)
let database = try await runtime.database(migrations: CatalogSchema.migrations)
try runtime.relayOutbox()
try runtime.consumeEvents(group: PriceHistory.group, topics: [PriceChanged.topic], handlers: PriceHistory.handlers)
let store = ProductStore(database: database, outbox: runtime.eventOutbox)
let router = runtime.makeRouter()
CatalogRoutes(store: store, history: PriceHistory(database: database), settings: settings).register(on: router)
try await runtime.run(router: router, grpcServices: [CatalogGRPCService(store: store)])
