import Foundation
import ServiceRuntime

// Pricing: base prices, customer-group prices and price rules.
// gRPC `commerce.pricing.v1.Pricing/GetPrices` on the internal port; admin REST `PUT/GET /prices/{productID}`
// on the public port. Every price change publishes `price.updated` through the outbox.
var environment = ProcessInfo.processInfo.environment
// The platform's port plan gives Pricing the admin port 6062 (ADMIN_PORT still overrides it).
if environment["ADMIN_PORT"] == nil { environment["ADMIN_PORT"] = "6062" }
let runtime = ServiceRuntime.bootstrap(
    name: "pricing",
    version: PricingBuild.version,
    ports: .init(http: 8082, grpc: 9092, metrics: 9466),
    environment: environment
)
let database = try await runtime.database(migrations: PricingSchema.migrations)
try runtime.relayOutbox()
let book = PriceBook(database: database, outbox: runtime.eventOutbox)
let router = runtime.makeRouter()
PricingRoutes(book: book).register(on: router)
try await runtime.run(router: router, grpcServices: [PricingGRPCService(book: book)])
