import Foundation
import ServiceRuntime

// Pricing: base prices, customer-group prices and price rules.
// gRPC `commerce.pricing.v1.Pricing/GetPrices` on the internal port; admin REST `PUT/GET /prices/{productID}`
// on the public port. Every price change publishes `price.updated` through the outbox.
let environment = ProcessInfo.processInfo.environment
let runtime = ServiceRuntime.bootstrap(
    name: "pricing",
    version: PricingBuild.version,
    ports: .init(http: 8082, grpc: 9092, metrics: 9466, admin: 6062),
    environment: environment
)
let database = try await runtime.database(migrations: PricingSchema.migrations)
try runtime.relayOutbox()
let book = PriceBook(database: database, outbox: runtime.eventOutbox)
let router = runtime.makeRouter()
PricingRoutes(book: book).register(on: router)
try await runtime.run(router: router, grpcServices: [PricingGRPCService(book: book)])
